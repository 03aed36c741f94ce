import { describe, expect, it } from '@jest/globals';
import { fieldText, withLocalOffset } from '../../src/format';

describe('a datetime-local value sent as RFC 3339', () => {
  it('gets seconds and this zone’s offset, naming the same instant', () => {
    const sent = withLocalOffset('2026-12-24T18:00');
    expect(sent).toMatch(/^2026-12-24T18:00:00[+-]\d{2}:\d{2}$/);
    expect(new Date(sent).getTime()).toBe(new Date('2026-12-24T18:00').getTime());
  });

  it('leaves an empty or unreadable value as it is, for the API to name', () => {
    expect(withLocalOffset('')).toBe('');
    expect(withLocalOffset('tomorrow')).toBe('tomorrow');
  });
});

describe('a field shown as text', () => {
  it('shows strings as they are, lists joined, absent values as a dash', () => {
    expect(fieldText('<img src=x onerror=alert(1)>')).toBe('<img src=x onerror=alert(1)>');
    expect(fieldText(['a', 'b'])).toBe('a, b');
    expect(fieldText([])).toBe('—');
    expect(fieldText(undefined)).toBe('—');
    expect(fieldText(3)).toBe('3');
    expect(fieldText(false)).toBe('false');
  });
});

import { describe, expect, it } from '@jest/globals';
import { API_ROUTE_KEYS, ROUTE_ACCESS, routeAccess, splitRouteKey } from '../../src/index';

describe('the route table', () => {
  it.each(API_ROUTE_KEYS.filter((key) => splitRouteKey(key).method !== 'GET'))('%s changes something, so only operators may call it', (key) => {
    expect(routeAccess(key)).toBe('operate');
  });

  it('gives every route one of the known accesses', () => {
    for (const key of API_ROUTE_KEYS) expect(ROUTE_ACCESS).toContain(routeAccess(key));
  });

  it('keeps health, the sign-in settings, the API document and the console’s and docs’ pages public, and nothing else', () => {
    expect(API_ROUTE_KEYS.filter((key) => routeAccess(key) === 'public')).toEqual([
      'GET /api/health',
      'GET /api/auth/config',
      'GET /api/openapi.json',
      'GET /docs',
      'GET /console',
      'GET /console/{asset}',
    ]);
  });
});

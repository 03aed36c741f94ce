import type { Writable } from 'node:stream';

type Style = 'bold' | 'dim' | 'green' | 'red' | 'yellow' | 'cyan';
const SGR: Record<Style, [number, number]> = { bold: [1, 22], dim: [2, 22], green: [32, 39], red: [31, 39], yellow: [33, 39], cyan: [36, 39] };

/** Colours only for a person at a terminal, and never when NO_COLOR is set (no-color.org). */
export function wantsColour(stream: Writable & { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (!stream.isTTY) return false;
  return env.TERM !== 'dumb';
}

/** Where a command writes: human text (optionally coloured) or one JSON document. */
export class Output {
  constructor(
    readonly stdout: Writable,
    readonly json: boolean,
    private readonly colour: boolean,
  ) {}

  paint(style: Style, text: string): string {
    if (!this.colour) return text;
    const [on, off] = SGR[style];
    return `\u001b[${on}m${text}\u001b[${off}m`;
  }

  line(text = ''): void {
    this.stdout.write(`${text}\n`);
  }

  /** The API's answer as it came, for scripts (`--json`). */
  document(value: unknown): void {
    this.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** Columns padded to their widest cell; the header dimmed. */
  table(headers: readonly string[], rows: readonly (readonly string[])[]): void {
    const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => visibleLength(row[column] ?? ''))));
    const render = (cells: readonly string[]): string =>
      cells
        .map((cell, column) => (column === cells.length - 1 ? cell : cell + ' '.repeat((widths[column] ?? 0) - visibleLength(cell))))
        .join('  ')
        .trimEnd();
    this.line(this.paint('dim', render(headers)));
    for (const row of rows) this.line(render(row));
  }

  /** `label  value` lines with the labels aligned. */
  fields(pairs: readonly (readonly [string, string | undefined])[]): void {
    const shown = pairs.filter((pair): pair is readonly [string, string] => pair[1] !== undefined && pair[1] !== '');
    const width = Math.max(0, ...shown.map(([label]) => label.length));
    for (const [label, value] of shown) this.line(`${this.paint('dim', label.padEnd(width))}  ${value}`);
  }
}

// eslint-disable-next-line no-control-regex -- the escape codes paint() adds
const ESCAPES = /\u001b\[\d+m/g;
const visibleLength = (text: string): number => [...text.replace(ESCAPES, '')].length;

// The table every list page of the console and the administration shows: a heading per column, then its rows.
import type { Markup } from '../../activities/mail/html';
import { h, type Child } from './jsx';

/** Column headings (scope="col", so a screen reader names each cell's column), and the rows as children. */
export function Table({ headings, children }: { headings: Child[]; children?: Child }): Markup {
  return (
    <table>
      <thead>
        <tr>
          {headings.map((heading) => (
            <th scope="col">{heading}</th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

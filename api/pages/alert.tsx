// The problem a form ran into, told to the person on every page of the console, the administration and the steps.
import type { Markup } from '../../activities/mail/html';
import { h, type Child } from './jsx';

/** The problem as an alert (a screen reader announces it as the page shows it); nothing when there is none. */
export function Alert({ children }: { children?: Child }): Markup | null {
  return children ? (
    <p class="error" role="alert">
      {children}
    </p>
  ) : null;
}

// The problem a form ran into, told to the person on every page of the console, the administration and the steps.
import type { Markup } from '../../activities/mail/html';
import { h, type Child } from './jsx';

/**
 * The problem as an alert (a screen reader announces it as the page shows it); nothing when there is none.
 * `paragraphs`: a problem told in several paragraphs (the empty ones left out), in one alert.
 */
export function Alert({ children, paragraphs }: { children?: Child; paragraphs?: Child[] }): Markup | null {
  const told = (paragraphs ?? []).filter(Boolean);
  if (told.length > 0) {
    return (
      <div class="error" role="alert">
        {told.map((paragraph) => (
          <p>{paragraph}</p>
        ))}
      </div>
    );
  }
  return children ? (
    <p class="error" role="alert">
      {children}
    </p>
  ) : null;
}

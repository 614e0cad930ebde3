// The one page shell: language, title, stylesheet, an optional bar of links for signed-in people, and a
// skip link, so every page of every person looks and behaves alike.
import type { Markup } from '../../activities/mail/html';
import type { Language } from '../../domain/language';
import { assetPath } from './assets';
import { documentHtml, h, type Child } from './jsx';

export interface BarLink {
  href: string;
  label: string;
}

export interface Bar {
  /** The product's name as its people call it, linking to their start page. */
  home: BarLink;
  links: BarLink[];
  /** Signed-in people get a log-out button (a form, so it works without script and is not a GET with effects). */
  logout?: { action: string; label: string };
}

export interface LayoutProps {
  language: Language;
  title: string;
  bar?: Bar;
  /** Wide pages (lists, tables) use the whole screen; a step page stays a readable column. */
  wide?: boolean;
  /** Scripts of progressive enhancement, by asset file name; the page works without them. */
  scripts?: string[];
  children?: Child;
}

const skipText: Record<Language, string> = { da: 'Gå til indholdet', de: 'Zum Inhalt springen', en: 'Skip to content' };

function TopBar({ bar }: { bar: Bar }): Markup {
  return (
    <header class="bar">
      <nav>
        <a class="brand" href={bar.home.href}>
          {bar.home.label}
        </a>
        {bar.links.map((link) => (
          <a href={link.href}>{link.label}</a>
        ))}
        {bar.logout ? (
          <form method="post" action={bar.logout.action}>
            <button type="submit">{bar.logout.label}</button>
          </form>
        ) : null}
      </nav>
    </header>
  );
}

/** The whole document as a string, ready for `res.send`. */
export function renderPage({ language, title, bar, wide, scripts, children }: LayoutProps): string {
  return documentHtml(
    <html lang={language}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <title>{title}</title>
        <link rel="stylesheet" href={assetPath('site.css')} />
        {(scripts ?? []).map((name) => (
          <script src={assetPath(name)} defer></script>
        ))}
      </head>
      <body>
        <a class="skip" href="#main">
          {skipText[language]}
        </a>
        {bar ? <TopBar bar={bar} /> : null}
        <main id="main" class={wide ? 'wide' : undefined}>
          {children}
        </main>
      </body>
    </html>,
  );
}

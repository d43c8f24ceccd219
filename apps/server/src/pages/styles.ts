/**
 * The one stylesheet of the server-rendered pages, served by the app as a static file at
 * {@link STYLESHEET_PATH} (the CSP allows styles from `'self'` only — no inline styles). It is
 * kept in a module rather than a loose `.css` file so the built package carries it without a
 * copy step. Focus is always visible (a thick outline), text has WCAG AA contrast, and the
 * layout works from 320 px up and at 200 % zoom.
 *
 * @module
 */
import type { FastifyPluginAsync } from 'fastify';

/** Where the stylesheet is served. */
export const STYLESHEET_PATH = '/assets/tessera.css';

/** The stylesheet's text. */
export const STYLESHEET = `*,*::before,*::after{box-sizing:border-box}
html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:100%;line-height:1.5;color:#1b1b1b;background:#fff}
body{margin:0}
.skip-link{position:absolute;left:-9999px;top:0;background:#fff;padding:.5rem 1rem}
.skip-link:focus{left:1rem}
.site-header{background:#1d3557;color:#fff;padding:.75rem 1rem}
.brand{font-weight:700;font-size:1.25rem}
main{max-width:36rem;margin:0 auto;padding:1.5rem 1rem 3rem}
h1{font-size:1.75rem;line-height:1.2;margin:0 0 1.5rem}
h2{font-size:1.25rem}
.field{margin-bottom:1.25rem}
label,legend{display:block;font-weight:600;margin-bottom:.25rem}
.hint{color:#4a4a4a;margin:0 0 .25rem}
input[type=text],input[type=email],input[type=password],input[type=tel]{display:block;width:100%;font:inherit;padding:.5rem;border:2px solid #1b1b1b;border-radius:0}
input.code{max-width:12rem;letter-spacing:.15em}
button,.button{font:inherit;font-weight:600;padding:.6rem 1.2rem;border:2px solid #1d3557;background:#1d3557;color:#fff;cursor:pointer;border-radius:0;text-decoration:none;display:inline-block}
button.secondary{background:#fff;color:#1d3557}
a{color:#1d3557}
:focus-visible{outline:3px solid #ffbf47;outline-offset:2px}
input:focus-visible{outline:3px solid #ffbf47;outline-offset:0;box-shadow:inset 0 0 0 2px #1b1b1b}
.error-summary{border:4px solid #b10e1e;padding:1rem;margin-bottom:1.5rem}
.error-summary h2{margin-top:0;color:#b10e1e}
.notice{border-left:6px solid #1d3557;padding:.5rem 1rem;background:#f0f4f8;margin-bottom:1.5rem}
.methods{list-style:none;padding:0}
.methods li{border-bottom:1px solid #b1b4b6;padding:.75rem 0;display:flex;flex-wrap:wrap;gap:.5rem;justify-content:space-between;align-items:center}
.methods form{margin:0}
.qr{display:block;width:200px;height:200px;image-rendering:pixelated;margin:1rem 0}
code.secret{word-break:break-all;font-size:1.1rem}
.user-code{font-size:1.5rem;letter-spacing:.2em;font-weight:700}
.push-number{font-size:4rem;line-height:1;font-weight:700;letter-spacing:.1em;margin:.5rem 0 1rem}
fieldset{border:0;padding:0;margin:0 0 1.25rem}
.choice{margin:.25rem 0}
.links{margin-top:2rem}
`;

/** Serves the stylesheet (cacheable: it has no user data). */
export function stylesRoutes(): FastifyPluginAsync {
  return (app) => {
    app.get(STYLESHEET_PATH, (_request, reply) =>
      reply.header('cache-control', 'public, max-age=3600').type('text/css; charset=utf-8').send(STYLESHEET));
    return Promise.resolve();
  };
}

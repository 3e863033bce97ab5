/**
 * The web pages the engine serves from its own HTTP server (no separate web server): logins from web.yaml, server-side
 * sessions in {@code HttpOnly; SameSite=Strict} cookies, CSRF tokens, the role guard every route goes through
 * ({@link ascc.core.web.WebAuth}), the shared front-end files, and the supervisor wallboard. See docs/web.md.
 */
package ascc.core.web;

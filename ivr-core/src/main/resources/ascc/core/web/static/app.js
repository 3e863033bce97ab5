// ASCC web pages: the shared helpers (no build step, no library). Loaded by every page before its own script.
// ascc.csrf(): the session's CSRF token (from <meta name="csrf-token">).
// ascc.post(url, fields): POST form fields with the X-CSRF-Token header; resolves to the Response.
// ascc.text(el, value) / ascc.el(tag, attrs, children): build DOM without innerHTML (no markup from data).
'use strict';
window.ascc = (function () {
  function csrf() {
    var m = document.querySelector('meta[name="csrf-token"]');
    return m ? m.getAttribute('content') : '';
  }
  function post(url, fields) {
    var body = new URLSearchParams();
    Object.keys(fields || {}).forEach(function (k) { body.append(k, fields[k]); });
    return fetch(url, {
      method: 'POST', credentials: 'same-origin',
      headers: { 'X-CSRF-Token': csrf(), 'Content-Type': 'application/x-www-form-urlencoded' },
      body: body.toString()
    });
  }
  function text(el, value) {
    if (el) { el.textContent = value === null || value === undefined ? '' : String(value); }
  }
  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) {
      e.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
    });
    return e;
  }
  function svg(tag, attrs, children) {
    var e = document.createElementNS('http://www.w3.org/2000/svg', tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) {
      e.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
    });
    return e;
  }
  function duration(seconds) {
    var s = Math.max(0, Math.floor(seconds));
    var m = Math.floor(s / 60);
    return m + ':' + String(s % 60).padStart(2, '0');
  }
  return { csrf: csrf, post: post, text: text, el: el, svg: svg, duration: duration };
}());

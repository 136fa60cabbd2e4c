// Baby massage's service worker (served from the site's root by babymassage/offline.py). Workbox, vendored
// under static/, does the caching. What is kept, and why:
// - the shell (styles, scripts, icons) and the offline page: kept when the worker installs;
// - static files: from the cache first (a release changes their names);
// - pages a parent has opened (content, print sheets, the baby's page, the journal, the player): from the
//   network, and from the cache when there is none, so that a started session and the sheets work offline;
// - the health questions, today's check, approvals, accounts, admin and the start of a session: never kept,
//   because safety needs the server. Offline they answer with the offline page, which says so;
// - the clinic desk and the babies shared with it: never kept either (other families' health answers, often on a
//   computer the clinic shares), and its forms always come fresh from the server.
{% autoescape off %}importScripts({{ workbox }});

var VERSION = {{ version }};
// The offline page in each language, by the language prefix of the address ("" for English).
var OFFLINE_URLS = {{ offline_urls }};
var LANGUAGE_PREFIX = new RegExp("^/(" + Object.keys(OFFLINE_URLS).filter(Boolean).join("|") + ")(?=/)");

function language(url) { var found = url.pathname.match(LANGUAGE_PREFIX); return found ? found[1] : ""; }
function withoutLanguage(url) { return url.pathname.replace(LANGUAGE_PREFIX, ""); }
var PAGES = "bm-pages-" + VERSION;
var STATIC = "bm-static-" + VERSION;

workbox.core.setCacheNameDetails({prefix: "bm", suffix: VERSION});

// A new release takes over at once; a session in progress keeps its steps in IndexedDB, not in these caches.
self.addEventListener("install", function () { self.skipWaiting(); });
workbox.core.clientsClaim();
workbox.precaching.cleanupOutdatedCaches();
self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("bm-") === 0 && name.slice(-VERSION.length) !== VERSION;
    }).map(function (name) { return caches.delete(name); }));
  }));
});

var offlinePages = Object.keys(OFFLINE_URLS).map(function (code) { return OFFLINE_URLS[code]; });
workbox.precaching.precacheAndRoute(offlinePages.concat({{ precache }}).map(function (url) {
  return {url: url, revision: VERSION};
}));

// Anything else that is neither a page nor a static file (htmx swaps, the player's cards) is not routed at all:
// it goes to the network as if there were no service worker, and is never kept. In every language.
var NEVER_KEPT = /^\/(?:accounts|admin|healthz|clinic)\b|^\/babies\/(?:add\/|\d+\/(?:screening|today|clearance|health-changed|edit|remove))|^\/session\/\d+\/start\//;

workbox.routing.registerRoute(function (options) {
  return options.url.origin === self.location.origin && NEVER_KEPT.test(withoutLanguage(options.url));
}, new workbox.strategies.NetworkOnly());

workbox.routing.registerRoute(function (options) {
  return options.url.origin === self.location.origin && /^\/(?:static|media)\//.test(options.url.pathname);
}, new workbox.strategies.CacheFirst({cacheName: STATIC}));

workbox.routing.registerRoute(function (options) {
  return options.request.mode === "navigate" && options.url.origin === self.location.origin;
}, new workbox.strategies.NetworkFirst({cacheName: PAGES, networkTimeoutSeconds: 5, matchOptions: {ignoreVary: true}}));

// Anything else a page asks for while offline: the offline page for a page, an error for the rest.
workbox.routing.setCatchHandler(function (options) {
  if (options.request.mode === "navigate") return workbox.precaching.matchPrecache(OFFLINE_URLS[language(options.url)]);
  return Promise.resolve(Response.error());
});
{% endautoescape %}

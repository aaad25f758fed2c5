// Tether status pages: live updates over server-sent events, our own plain script.
// The server sends "changed" (resource ids, or "*") and "tick" (every 5 s). After a drop (a restart
// of Tether) the EventSource reconnects, and the page re-reads everything it shows.
(function () {
  'use strict';
  var main = document.querySelector('[data-live]');
  var state = document.getElementById('live-state');
  var filter = document.getElementById('filter');
  var page = main ? main.getAttribute('data-live') : null;

  function setState(text, cls) {
    if (state) { state.textContent = text; state.className = 'live-state ' + cls; }
  }

  function span(s) {
    if (s < 60) return s + ' s';
    if (s < 3600) return Math.floor(s / 60) + ' min';
    if (s < 86400) return Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min';
    return Math.floor(s / 86400) + ' d';
  }

  function updateAges() {
    var now = Date.now();
    document.querySelectorAll('time.age[datetime]').forEach(function (t) {
      var at = Date.parse(t.getAttribute('datetime'));
      if (!isNaN(at)) {
        var s = Math.round((now - at) / 1000);
        t.textContent = s < 0 ? 'just now' : span(s) + ' ago';
      }
    });
  }

  function applyFilter() {
    if (!filter) return;
    var words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
    document.querySelectorAll('#groups tr[data-search]').forEach(function (tr) {
      var text = tr.getAttribute('data-search');
      tr.hidden = !words.every(function (w) { return text.indexOf(w) >= 0; });
    });
    document.querySelectorAll('#groups section.topology').forEach(function (sec) {
      sec.hidden = sec.querySelector('tr[data-search]:not([hidden])') === null;
    });
  }

  var busy = {};
  var again = {};
  function refresh(fragment, id) {
    if (busy[id]) { again[id] = true; return; }
    busy[id] = true;
    var url = new URL(window.location.href);
    url.hash = '';
    url.searchParams.set('fragment', fragment);
    if (filter && page === 'overview') url.searchParams.set('q', filter.value);
    fetch(url.toString(), { credentials: 'same-origin', headers: { 'Accept': 'text/html' } })
      .then(function (res) {
        if (res.redirected && new URL(res.url).pathname === '/login') { window.location.href = res.url; return null; }
        if (res.status === 404 && page === 'resource') {
          setState('This resource no longer exists', 'down');
          return null;
        }
        return res.ok ? res.text() : null;
      })
      .then(function (html) {
        if (!html) return;
        var fresh = new DOMParser().parseFromString(html, 'text/html').getElementById(id);
        var old = document.getElementById(id);
        if (fresh && old) {
          var focused = document.activeElement;
          if (focused && old.contains(focused) && focused.tagName === 'SELECT') return; // do not pull a menu away
          old.replaceWith(document.importNode(fresh, true));
          applyFilter();
          updateAges();
        }
      })
      .catch(function () { /* the stream's own reconnect will catch up */ })
      .finally(function () {
        busy[id] = false;
        if (again[id]) { again[id] = false; setTimeout(function () { refresh(fragment, id); }, 300); }
      });
  }

  var timer = null;
  function soon(fn) {
    if (timer) return;
    timer = setTimeout(function () { timer = null; fn(); }, 250);
  }

  function refreshAll() {
    if (page === 'overview') { refresh('summary', 'summary'); refresh('groups', 'groups'); }
    if (page === 'topology') { refresh('graph', 'graph'); }
    if (page === 'resource' && main.getAttribute('data-newest') === 'true') { refresh('live', 'live'); }
  }

  function concerns(data) {
    if (page === 'overview' || page === 'topology' || data === '*') return true;
    var id = main.getAttribute('data-resource-id');
    return data.split(',').indexOf(id) >= 0;
  }

  var down = false;
  function connect() {
    var es = new EventSource('/live');
    es.addEventListener('hello', function () {
      setState('Live', 'on');
      if (down) { down = false; refreshAll(); }
    });
    es.addEventListener('changed', function (e) {
      if (concerns(e.data)) soon(refreshAll);
    });
    es.addEventListener('tick', function () {
      updateAges();
      if (page === 'overview') refresh('summary', 'summary');
    });
    es.onerror = function () {
      down = true;
      setState('Reconnecting…', 'down');
      if (es.readyState === EventSource.CLOSED) {
        // refused (e.g. the token changed): try again, and let a page fetch send us to the login form
        setTimeout(function () { refreshAll(); connect(); }, 3000);
      }
    };
  }

  if (filter) {
    filter.addEventListener('input', applyFilter);
  }
  if (main && window.EventSource) {
    connect();
    setInterval(updateAges, 5000);
  }
})();

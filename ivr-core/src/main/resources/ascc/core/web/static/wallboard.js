// The supervisor wallboard: one EventSource on /wallboard/events (the browser reconnects by itself); every event is the
// whole state, drawn with DOM calls (no innerHTML). Waits and talk times count up locally each second between events
// (display only: nothing is fetched on a timer). Each waiting caller's row carries when the engine received its
// QueueCallerJoin and when this page first showed it: the browser test measures the time between the two.
'use strict';
(function () {
  var state = null;
  var receivedAt = 0;
  var offeredSeen = -1;
  var firstShown = {}; // waiting caller id -> when this page first showed it
  var STATES = [['AVAILABLE', 'available'], ['ON_CALL', 'on call'], ['WRAP_UP', 'wrap-up'], ['PAUSED', 'paused'],
    ['LOGGED_OUT', 'logged out']];

  function pct(v) { return v === null || v === undefined ? '-' : v + '%'; }
  function kpi(id, value, label, alert) {
    return ascc.el('div', { 'class': 'kpi' + (alert ? ' alert' : '') }, [
      ascc.el('div', { 'class': 'v', id: id }, [String(value)]), ascc.el('div', { 'class': 'l' }, [label])]);
  }
  function since(seconds) { return seconds + (Date.now() - receivedAt) / 1000; }

  // supervisor actions per agent state (checked again by the engine, which also writes the audit row)
  function buttons(a) {
    var list = [];
    if (a.state === 'LOGGED_OUT') { return list; }
    list.push(a.state === 'PAUSED' ? ['unpause', 'unpause'] : ['pause', 'pause']);
    if (a.state !== 'ON_CALL') { list.push(['logout', 'log out']); }
    if (a.state === 'ON_CALL' && hasPhone) { list.push(['listen', 'listen'], ['whisper', 'whisper'], ['barge', 'barge']); }
    return list.map(function (b) {
      return ascc.el('button', { type: 'button', 'class': 'act', 'data-action': b[0], 'data-agent': a.id }, [b[1]]);
    });
  }

  function deskCard(d) {
    var card = ascc.el('div', { 'class': 'card desk', 'data-desk': d.id }, [
      ascc.el('h2', {}, [ascc.el('span', {}, [d.name]), ascc.el('span', { 'class': 'muted' }, [d.id])])]);
    card.appendChild(ascc.el('div', { 'class': 'kpis' }, [
      kpi('waiting-' + d.id, d.waiting, 'waiting', d.waiting > 0),
      kpi('longest-' + d.id, ascc.duration(d.longestWaitSeconds), 'longest wait', d.longestWaitSeconds > state.targetSeconds),
      kpi('sl-' + d.id, pct(d.serviceLevel), 'service level'),
      kpi('abandon-' + d.id, pct(d.abandonRate), 'abandoned')]));
    var counts = {};
    d.agents.forEach(function (a) { counts[a.state] = (counts[a.state] || 0) + 1; });
    card.appendChild(ascc.el('p', { 'class': 'muted' }, [STATES.map(function (s) {
      return s[1] + ' ' + (counts[s[0]] || 0);
    }).join(' \u00b7 ') + ' \u00b7 offered ' + d.offered + ', answered ' + d.answered]));
    var rows = d.agents.map(function (a) {
      var extra = a.state === 'PAUSED' ? (a.reason || '') : a.state === 'ON_CALL' && a.talkSeconds !== undefined
        ? ascc.el('span', { 'class': 'tick', 'data-base': a.talkSeconds }, [ascc.duration(a.talkSeconds)]) : '';
      return ascc.el('tr', { 'data-agent': a.id }, [ascc.el('td', {}, [a.id]), ascc.el('td', {}, [a.name]),
        ascc.el('td', {}, [ascc.el('span', { 'class': 'st st-' + a.state }, [a.state.replace('_', ' ').toLowerCase()])]),
        ascc.el('td', {}, [extra]), ascc.el('td', { 'class': 'buttons' }, buttons(a))]);
    });
    card.appendChild(ascc.el('table', { 'class': 'agents' }, [ascc.el('tbody', {}, rows)]));
    if (d.companies.length > 0) {
      card.appendChild(ascc.el('table', { 'class': 'companies' }, [
        ascc.el('thead', {}, [ascc.el('tr', {}, ['company', 'waiting', 'offered', 'service level', 'abandoned'].map(function (h) {
          return ascc.el('th', {}, [h]);
        }))]),
        ascc.el('tbody', {}, d.companies.map(function (c) {
          return ascc.el('tr', { 'data-company': c.id }, [ascc.el('td', {}, [c.name]), ascc.el('td', {}, [String(c.waiting)]),
            ascc.el('td', {}, [String(c.offered)]), ascc.el('td', {}, [pct(c.serviceLevel)]), ascc.el('td', {}, [pct(c.abandonRate)])]);
        }))]));
    }
    return card;
  }

  // a waiting caller: move to another desk (the desks the engine allows for the caller's company), take the callback;
  // the chosen desk survives the redraw of the next event
  var chosen = {};
  function callerControls(w) {
    var select = ascc.el('select', { 'class': 'move-desk', 'data-caller': w.id }, (w.moveTo || []).map(function (d) {
      return ascc.el('option', { value: d }, [d]);
    }));
    if (chosen[w.id]) { select.value = chosen[w.id]; }
    var list = [ascc.el('button', { type: 'button', 'class': 'wact', 'data-action': 'callback', 'data-caller': w.id }, ['callback'])];
    if ((w.moveTo || []).length > 0) {
      list.unshift(select, ascc.el('button', { type: 'button', 'class': 'wact', 'data-action': 'move', 'data-caller': w.id }, ['move']));
    }
    return list;
  }

  function fill(tableId, rows) {
    var body = document.querySelector('#' + tableId + ' tbody');
    while (body.firstChild) { body.removeChild(body.firstChild); }
    rows.forEach(function (r) { body.appendChild(r); });
  }

  function render() {
    var desks = document.getElementById('desks');
    while (desks.firstChild) { desks.removeChild(desks.firstChild); }
    var offered = 0;
    state.desks.forEach(function (d) { desks.appendChild(deskCard(d)); offered += d.offered; });
    var now = Date.now();
    var shownNow = {};
    fill('waiting', state.waiting.map(function (w) {
      shownNow[w.id] = firstShown[w.id] || now;
      return ascc.el('tr', { 'data-caller': w.id, 'data-join-event-at': w.joinEventAtMs === null ? '' : String(w.joinEventAtMs),
        'data-first-shown-at': String(shownNow[w.id]) }, [w.desk, w.company, w.category, w.number].map(function (v) {
        return ascc.el('td', {}, [v === null ? '-' : v]);
      }).concat([ascc.el('td', {}, [ascc.el('span', { 'class': 'tick', 'data-base': w.waitSeconds }, [ascc.duration(w.waitSeconds)])]),
        ascc.el('td', {}, [w.overflow || '-']), ascc.el('td', { 'class': 'buttons' }, callerControls(w))]));
    }));
    fill('calls', state.calls.map(function (c) {
      return ascc.el('tr', {}, [c.desk, c.company, c.category, c.agent, c.number].map(function (v) {
        return ascc.el('td', {}, [v === null ? '-' : v]);
      }).concat([ascc.el('td', {}, [ascc.el('span', { 'class': 'tick', 'data-base': c.talkSeconds }, [ascc.duration(c.talkSeconds)])])]));
    }));
    firstShown = shownNow;
    if (offered !== offeredSeen) { // a call ended: the hourly chart has a new call
      if (offeredSeen >= 0) { document.getElementById('chart').setAttribute('src', '/wallboard/chart.svg?v=' + state.seq); }
      offeredSeen = offered;
    }
    document.body.setAttribute('data-seq', String(state.seq));
    document.body.setAttribute('data-event-at', state.eventAtMs === null ? '' : String(state.eventAtMs));
    document.body.setAttribute('data-rendered-at', String(Date.now()));
  }

  function tick() {
    document.querySelectorAll('span.tick').forEach(function (s) {
      ascc.text(s, ascc.duration(since(Number(s.getAttribute('data-base')))));
    });
  }

  var hasPhone = document.getElementById('actions').getAttribute('data-phone') === '1';
  var result = document.getElementById('action-result');
  document.getElementById('desks').addEventListener('click', function (e) {
    var b = e.target.closest('button.act');
    if (!b) { return; }
    var action = b.getAttribute('data-action');
    var agent = b.getAttribute('data-agent');
    ascc.text(result, action + ' ' + agent + '...');
    ascc.post('/wallboard/action', { action: action, agent: agent, reason: document.getElementById('pause-reason').value })
      .then(function (r) { return r.json(); })
      .then(function (j) { ascc.text(result, action + ' ' + agent + ': ' + j.result); })
      .catch(function () { ascc.text(result, action + ' ' + agent + ': no answer'); });
  });

  var waitingTable = document.getElementById('waiting');
  waitingTable.addEventListener('change', function (e) {
    if (e.target.classList.contains('move-desk')) { chosen[e.target.getAttribute('data-caller')] = e.target.value; }
  });
  waitingTable.addEventListener('click', function (e) {
    var b = e.target.closest('button.wact');
    if (!b) { return; }
    var action = b.getAttribute('data-action');
    var caller = b.getAttribute('data-caller');
    var fields = { action: action, caller: caller };
    if (action === 'move') { fields.desk = b.parentNode.querySelector('select.move-desk').value; }
    var what = action + (fields.desk ? ' to ' + fields.desk : '');
    ascc.text(result, what + '...');
    ascc.post('/wallboard/action', fields)
      .then(function (r) { return r.json(); })
      .then(function (j) { ascc.text(result, what + ': ' + j.result); })
      .catch(function () { ascc.text(result, what + ': no answer'); });
  });

  var status = document.getElementById('status');
  var source = new EventSource('/wallboard/events');
  source.addEventListener('wallboard', function (e) {
    state = JSON.parse(e.data);
    receivedAt = Date.now();
    render();
    status.className = 'status live';
    ascc.text(status, 'live \u00b7 updated ' + new Date(state.atMs).toLocaleTimeString() + ' \u00b7 service level target '
      + state.targetSeconds + ' s');
  });
  source.onerror = function () {
    status.className = 'status down';
    ascc.text(status, 'connection lost, reconnecting...');
  };
  setInterval(tick, 1000);
}());

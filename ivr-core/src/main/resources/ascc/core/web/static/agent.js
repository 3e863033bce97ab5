// ASCC agent desktop (/agent): the screen pop from server-sent events (/agent/events, event "pop"), the state buttons
// (POST /agent/state) and the disposition form (POST /agent/disposition). DOM built with ascc.el/textContent only.
'use strict';
(function () {
  var popBox = document.getElementById('pop');
  var stateText = document.getElementById('state');
  var stateResult = document.getElementById('state-result');
  var LABELS = { RINGING: 'Ringing', CONNECTED: 'On the call', ENDED: 'Call ended: pick a disposition' };

  function row(label, value, id) {
    return ascc.el('tr', {}, [ascc.el('th', {}, [label]), ascc.el('td', id ? { id: id } : {}, [value === null ? '-' : value])]);
  }

  function when(iso) {
    if (!iso) { return ''; }
    var d = new Date(iso);
    return d.toLocaleDateString() + ' ' + d.toLocaleTimeString();
  }

  function table(headers, rows, id) {
    if (!rows.length) { return ascc.el('p', { 'class': 'muted' }, ['None.']); }
    return ascc.el('table', id ? { id: id } : {}, [
      ascc.el('thead', {}, [ascc.el('tr', {}, headers.map(function (h) { return ascc.el('th', {}, [h]); }))]),
      ascc.el('tbody', {}, rows.map(function (r) {
        return ascc.el('tr', {}, r.map(function (c) { return ascc.el('td', {}, [c === null || c === undefined ? '' : String(c)]); }));
      }))
    ]);
  }

  function dispositionForm(pop) {
    if (!pop.dispositions.length) {
      return ascc.el('p', { 'class': 'muted' }, ['No disposition codes for desk ' + (pop.desk || '-') + '.']);
    }
    var select = ascc.el('select', { id: 'disposition-code' }, pop.dispositions.map(function (d) {
      return ascc.el('option', { value: d.code }, [d.label]);
    }));
    var note = ascc.el('textarea', { id: 'disposition-note', maxlength: '1000', rows: '2', placeholder: 'Note' }, []);
    var result = ascc.el('span', { id: 'disposition-result', 'class': 'muted' }, []);
    var save = ascc.el('button', { type: 'button', id: 'disposition-save' }, ['Save disposition']);
    save.addEventListener('click', function () {
      ascc.post('/agent/disposition', { call: pop.call, code: select.value, note: note.value }).then(function (r) {
        return r.json().then(function (j) { ascc.text(result, r.ok ? 'Saved.' : 'Not saved: ' + (j.result || j.error)); });
      }).catch(function () { ascc.text(result, 'Not saved: the engine did not answer.'); });
    });
    return ascc.el('div', { 'class': 'disposition' }, [ascc.el('h3', {}, ['Disposition']), select, ' ', note, ' ', save, ' ', result]);
  }

  function draw(pop) {
    while (popBox.firstChild) { popBox.removeChild(popBox.firstChild); }
    if (!pop || !pop.call) {
      popBox.className = 'pop idle';
      popBox.appendChild(ascc.el('p', { id: 'pop-idle', 'class': 'muted' }, ['No call.']));
      return;
    }
    popBox.className = 'pop ' + pop.state.toLowerCase();
    popBox.setAttribute('data-call', pop.call);
    popBox.setAttribute('data-state', pop.state);
    if (pop.state === 'RINGING') { popBox.setAttribute('data-drawn-at', String(Date.now())); } // when the agent saw it (ITs)
    popBox.appendChild(ascc.el('h2', { id: 'pop-state' }, [LABELS[pop.state] || pop.state]));
    popBox.appendChild(ascc.el('table', { 'class': 'facts' }, [ascc.el('tbody', {}, [
      row('Company', pop.companyName ? pop.companyName + ' (' + pop.company + ')' : pop.company, 'pop-company'),
      row('Product category', pop.category, 'pop-category'),
      row('Inquiry', pop.inquiry, 'pop-inquiry'),
      row('Caller', pop.number, 'pop-number'),
      row('Desk', pop.desk, 'pop-desk')
    ])]));
    popBox.appendChild(ascc.el('h3', {}, ['Previous calls']));
    popBox.appendChild(table(['Date', 'Company', 'Desk', 'Outcome', 'Disposition', 'Note'], pop.history.map(function (h) {
      return [when(h.at), h.company, h.desk, h.outcome, h.disposition, h.note];
    }), 'pop-history'));
    popBox.appendChild(ascc.el('h3', {}, ['Open follow-ups']));
    popBox.appendChild(table(['Task', 'Company', 'Reason', 'Opened', 'Status'], pop.followUps.map(function (f) {
      return [f.id, f.company, f.reason, when(f.openedAt), f.status];
    }), 'pop-follow-ups'));
    popBox.appendChild(ascc.el('h3', {}, ['Repair cases']));
    popBox.appendChild(table(['Case', 'Company', 'Status', 'Opened', 'Summary'], pop.repairs.map(function (c) {
      return [c.id, c.company, c.status, when(c.openedAt), c.summary];
    }), 'pop-repairs'));
    if (pop.state !== 'RINGING') { popBox.appendChild(dispositionForm(pop)); }
  }

  var current = null;
  var events = new EventSource('/agent/events');
  events.addEventListener('pop', function (e) {
    var pop = JSON.parse(e.data);
    // the newest call wins; an ENDED ring of another call (it went to another phone) clears only its own pop
    if (pop.state === 'ENDED' && current && current.call === pop.call && current.state === 'RINGING') {
      current = null;
      draw(null);
      return;
    }
    current = pop;
    draw(pop);
  });
  events.addEventListener('state', function (e) {
    popBox.setAttribute('data-stream', 'open'); // the stream sends the state first: pops reach this page from now on
    ascc.text(stateText, JSON.parse(e.data).state);
  });

  Array.prototype.forEach.call(document.querySelectorAll('#agent-state button[data-state]'), function (b) {
    b.addEventListener('click', function () {
      var fields = { state: b.getAttribute('data-state') };
      if (fields.state === 'pause') { fields.reason = document.getElementById('pause-reason').value; }
      ascc.post('/agent/state', fields).then(function (r) {
        return r.json().then(function (j) {
          if (j.state) { ascc.text(stateText, j.state); }
          ascc.text(stateResult, r.ok ? '' : (j.result || j.error));
        });
      }).catch(function () { ascc.text(stateResult, 'the engine did not answer'); });
    });
  });
}());

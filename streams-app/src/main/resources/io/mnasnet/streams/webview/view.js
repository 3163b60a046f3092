// The live view of the classifier. Polls /api/view once a second and redraws; no framework, no
// build step. Every string from the server (ids and labels come from producers) is put on the page
// with textContent or setAttribute, never parsed as HTML.
'use strict';

(() => {
  const POLL_MS = 1000;
  const HIDDEN_POLL_MS = 5000;
  // the view's thread brings the data up to date every 0.4 s; this much older is stale
  const STALE_MS = 5000;
  // a card's picture, on this endpoint (made when first asked for)
  const PICTURE = /^\/api\/thumbnail\?instance=[0-9A-Za-z-]+&seq=\d+$/;
  const PICTURE_TRIES = 3;
  const SVG_NS = 'http://www.w3.org/2000/svg';
  const $ = (id) => document.getElementById(id);

  let instance = null;
  let after = 0;
  let filter = 'all';
  let recent = [];
  let mistakes = [];
  const cards = new Map(); // seq -> card data
  const nodes = new Map(); // seq -> card element

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function svg(tag, attributes) {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
    return node;
  }

  const percent = (p) => (p * 100).toFixed(1) + '%';
  const count = (n) => Number(n).toLocaleString('en-US');

  function millis(ms) {
    if (ms === null || ms === undefined || ms < 0) return '–';
    if (ms < 1000) return Math.round(ms) + ' ms';
    return (ms / 1000).toFixed(ms < 10000 ? 2 : 1) + ' s';
  }

  function clock(ms) {
    return new Date(ms).toLocaleTimeString('en-GB', { hour12: false });
  }

  function reasonText(reason) {
    return String(reason || 'unknown').toLowerCase().replace(/_/g, ' ');
  }

  // ---- cards ----

  function cardNode(c) {
    const p = c.prediction;
    const card = el('article', 'card');
    if (c.correct === true) card.classList.add('right');
    if (c.correct === false) card.classList.add('wrong');
    card.dataset.seq = String(c.seq);

    const thumb = el('div', 'thumb');
    if (typeof c.thumbnail === 'string' && PICTURE.test(c.thumbnail)) {
      thumb.append(picture(c.thumbnail, p.id, thumb));
    } else {
      thumb.append(el('span', 'nothumb', 'no preview'));
    }

    const body = el('div', 'body');
    const id = el('div', 'id', p.id);
    id.title = p.id;
    const top = p.topK[0];
    const top1 = el('div', 'top1');
    const label = el('span', 'label', top.label);
    label.title = top.label;
    top1.append(label, el('span', 'prob', percent(top.probability)));
    body.append(id, top1);
    if (c.correct === true || c.correct === false) {
      const truth = c.trueClass || p.trueLabel;
      body.append(el('div', 'truth ' + (c.correct ? 'ok' : 'bad'),
        c.correct ? '✓ correct' : '✗ true: ' + truth));
    }

    const bars = el('ul', 'bars');
    for (const score of p.topK.slice(1)) {
      const li = el('li');
      const name = el('span', 'bar-label', score.label);
      name.title = score.label;
      const track = el('span', 'bar-track');
      const fill = el('span', 'bar-fill');
      fill.style.width = Math.max(1, score.probability * 100).toFixed(1) + '%';
      track.append(fill);
      li.append(name, track, el('span', 'bar-value', percent(score.probability)));
      bars.append(li);
    }

    const meta = el('div', 'meta');
    const modelRef = el('span', 'model-ref', p.model.name + ' v' + p.model.version);
    if (p.model.engine) {
      modelRef.title = 'computed by ' + p.model.engine;
    }
    meta.append(
      modelRef,
      el('span', null, 'batch ' + p.batchSize),
      el('span', 'latency', millis(p.timings.endToEndMs)));
    meta.title = 'end-to-end latency ' + p.timings.endToEndMs + ' ms (model ' +
      p.timings.inferenceMs + ' ms for the batch), input partition ' + p.source.partition +
      ' offset ' + p.source.offset;

    card.append(thumb, body, bars, meta);
    return card;
  }

  // The picture of a card: asked for when the card is drawn. A small image (28x28) is drawn with
  // sharp pixels, a photo's thumbnail smoothly. The server makes a few at a time and tells the rest
  // to come back (503), so a failed load is tried again before the card says "no preview".
  function picture(url, id, thumb) {
    const img = el('img');
    img.alt = 'image ' + id;
    let tries = 1;
    img.addEventListener('load', () => {
      if (img.naturalWidth > 64 || img.naturalHeight > 64) img.className = 'photo';
    });
    img.addEventListener('error', () => {
      if (tries < PICTURE_TRIES) {
        tries++;
        setTimeout(() => { img.src = url + '&try=' + tries; }, 1000 * tries);
      } else {
        thumb.replaceChildren(el('span', 'nothumb', 'no preview'));
      }
    });
    img.src = url;
    return img;
  }

  function renderCards() {
    const shown = filter === 'mistakes' ? mistakes : recent;
    const list = [];
    for (const seq of shown) {
      const data = cards.get(seq);
      if (!data) continue;
      let node = nodes.get(seq);
      if (!node) {
        node = cardNode(data);
        nodes.set(seq, node);
      }
      list.push(node);
    }
    placeInOrder($('cards'), list);
    $('cards-empty').hidden = list.length > 0;
    $('cards-empty').textContent = filter === 'mistakes'
      ? 'No wrong prediction among the labelled images so far.'
      : 'Waiting for the first prediction…';
    $('mistake-count').textContent = String(mistakes.length);
  }

  // Puts exactly `wanted` into `container`, in order, moving as few nodes as possible: new cards
  // arrive at the front and old ones leave at the end, so the cards that stay are not touched (no
  // re-layout of them, no restarted animation).
  function placeInOrder(container, wanted) {
    const keep = new Set(wanted);
    for (const child of [...container.children]) {
      if (!keep.has(child)) child.remove();
    }
    let cursor = container.firstElementChild;
    for (const node of wanted) {
      if (node === cursor) {
        cursor = cursor.nextElementSibling;
      } else {
        container.insertBefore(node, cursor);
      }
    }
  }

  // Redraws a part only when its data changed.
  const drawn = new Map();
  function changed(part, data) {
    const key = JSON.stringify(data);
    if (drawn.get(part) === key) return false;
    drawn.set(part, key);
    return true;
  }

  function forgetOldCards() {
    const keep = new Set([...recent, ...mistakes]);
    for (const seq of [...cards.keys()]) {
      if (!keep.has(seq)) {
        cards.delete(seq);
        nodes.delete(seq);
      }
    }
  }

  // ---- charts ----

  function niceMax(value) {
    if (!(value > 0)) return 1;
    const power = Math.pow(10, Math.floor(Math.log10(value)));
    for (const step of [1, 2, 2.5, 5, 10]) {
      if (value <= step * power) return step * power;
    }
    return 10 * power;
  }

  function drawChart(target, points, series, options) {
    const W = 320, H = 120, left = 38, right = 6, top = 8, bottom = 18;
    const plotW = W - left - right, plotH = H - top - bottom;
    let max = 0;
    for (const s of series) for (const p of points) {
      const v = s.value(p);
      if (v !== null && v > max) max = v;
    }
    max = niceMax(max);
    const x = (i) => left + (points.length <= 1 ? 0 : (i * plotW) / (points.length - 1));
    const y = (v) => top + plotH - (v / max) * plotH;
    const nodes = [];
    const grid = svg('g', { class: 'grid' });
    const axis = svg('g', { class: 'axis' });
    for (const fraction of [0, 0.5, 1]) {
      const v = max * fraction;
      grid.append(svg('line', { x1: left, x2: W - right, y1: y(v), y2: y(v) }));
      const text = svg('text', { x: left - 5, y: y(v) + 3, 'text-anchor': 'end' });
      text.textContent = options.format(v);
      axis.append(text);
    }
    const seconds = Math.round((points.length * options.slotMs) / 1000);
    const from = svg('text', { x: left, y: H - 4 });
    from.textContent = seconds >= 120 ? '−' + Math.round(seconds / 60) + ' min' : '−' + seconds + ' s';
    const to = svg('text', { x: W - right, y: H - 4, 'text-anchor': 'end' });
    to.textContent = 'now';
    axis.append(from, to);
    nodes.push(grid, axis);

    for (const s of series) {
      if (s.bars) {
        const width = Math.max(1, plotW / points.length - 0.6);
        points.forEach((p, i) => {
          const v = s.value(p);
          if (v > 0) {
            nodes.push(svg('rect', {
              class: 'series-bar', x: x(i) - width / 2, y: y(v), width, height: top + plotH - y(v), rx: 0.8,
            }));
          }
        });
        continue;
      }
      // a line with gaps where a slot has no value
      let path = '';
      let area = '';
      let open = false;
      let first = 0;
      let last = 0;
      points.forEach((p, i) => {
        const v = s.value(p);
        if (v === null) {
          if (open && s.area) area += `L${x(last)},${y(0)}L${x(first)},${y(0)}Z`;
          open = false;
          return;
        }
        path += (open ? 'L' : 'M') + x(i).toFixed(1) + ',' + y(v).toFixed(1);
        if (s.area) area += (open ? 'L' : 'M') + x(i).toFixed(1) + ',' + y(v).toFixed(1);
        if (!open) first = i;
        last = i;
        open = true;
      });
      if (open && s.area) area += `L${x(last)},${y(0)}L${x(first)},${y(0)}Z`;
      if (s.area && area) nodes.push(svg('path', { class: 'series-area', d: area }));
      if (path) nodes.push(svg('path', { class: 'series-line ' + s.className, d: path }));
    }
    target.replaceChildren(...nodes);
  }

  // The last five minutes, or less while the instance is young: from its first activity, at least
  // one minute.
  function activeWindow(series, slotMs) {
    const minimum = Math.ceil(60000 / slotMs);
    const first = series.findIndex((p) => p.imagesPerSecond > 0 || p.deadLetters > 0);
    const keep = first < 0 ? minimum : Math.max(minimum, series.length - first + 2);
    return series.slice(-keep);
  }

  function renderCharts(view) {
    const points = activeWindow(view.series, view.slotMs);
    if (!changed('series', points)) return;
    const options = { slotMs: view.slotMs };
    drawChart($('chart-throughput'), points,
      [{ className: 'throughput', area: true, value: (p) => p.imagesPerSecond }],
      { ...options, format: (v) => (v >= 1000 ? (v / 1000).toFixed(1) + 'k' : String(Math.round(v))) });
    const latency = (key) => (p) => (p[key] >= 0 ? p[key] : null);
    drawChart($('chart-latency'), points, [
      { className: 'p99', value: latency('p99') },
      { className: 'p95', value: latency('p95') },
      { className: 'p50', value: latency('p50') },
    ], { ...options, format: (v) => (v >= 1000 ? (v / 1000).toFixed(1) + 's' : Math.round(v) + '') });
    drawChart($('chart-dead'), points, [{ bars: true, value: (p) => p.deadLetters }],
      { ...options, format: (v) => (Number.isInteger(v) ? String(v) : '') });
  }

  // ---- accuracy, confusion matrix, dead letters, tiles ----

  // accuracy per model version: after a promotion the new version's line shows its effect
  function renderVersions(versions) {
    const shown = versions.filter((v) => v.labelled > 0);
    $('versions-block').hidden = shown.length === 0;
    if (!changed('versions', shown)) return;
    const table = $('versions');
    table.replaceChildren();
    for (const v of shown) {
      const row = el('tr');
      row.dataset.model = v.model;
      row.dataset.labelled = String(v.labelled);
      row.dataset.correct = String(v.correct);
      row.append(el('td', null, v.model), el('td', 'num', percent(v.correct / v.labelled)),
        el('td', 'num muted', count(v.labelled)));
      table.append(row);
    }
  }

  function renderAccuracy(view) {
    const { labelled, correct } = view.accuracy;
    const value = labelled > 0 ? percent(correct / labelled) : '–';
    $('accuracy-value').textContent = value;
    $('accuracy-tile').textContent = value;
    $('accuracy-correct').textContent = count(correct);
    $('accuracy-correct').dataset.value = String(correct);
    $('accuracy-labelled').textContent = count(labelled);
    $('accuracy-labelled').dataset.value = String(labelled);
    $('accuracy-none').hidden = labelled > 0;
    renderVersions(view.accuracy.byModel || []);

    const matrix = view.confusion;
    $('confusion-block').hidden = labelled === 0 || matrix.classes.length === 0;
    if (labelled === 0 || !changed('confusion', matrix)) return;
    const table = el('table');
    const head = el('tr');
    head.append(el('th'));
    for (const name of matrix.classes) {
      const th = el('th', 'col');
      th.title = 'predicted: ' + name;
      th.append(el('span', null, name));
      head.append(th);
    }
    table.append(head);
    matrix.counts.forEach((row, t) => {
      const total = row.reduce((a, b) => a + b, 0);
      const tr = el('tr');
      const th = el('th', 'row', matrix.classes[t]);
      th.title = 'true: ' + matrix.classes[t];
      tr.append(th);
      row.forEach((n, p) => {
        const td = el('td', t === p ? 'diag' : 'off', n > 0 ? n : '');
        const share = total > 0 ? n / total : 0;
        td.style.setProperty('--a', (t === p ? share * 0.85 : Math.min(1, share * 3) * 0.8).toFixed(3));
        if ((t === p && share > 0.6) || (t !== p && share > 0.25)) td.classList.add('strong');
        td.title = `true ${matrix.classes[t]}, predicted ${matrix.classes[p]}: ${n}`;
        tr.append(td);
      });
      table.append(tr);
    });
    $('confusion').replaceChildren(table);
  }

  function renderDeadLetters(view) {
    if (!changed('deadLetters', view.deadLetters)) return;
    const items = view.deadLetters.map((d) => {
      const li = el('li');
      const head = el('div', 'dl-head');
      head.append(
        el('span', 'reason', reasonText(d.reason)),
        d.id === null || d.id === undefined ? el('span', 'dl-id none', 'no key') : el('span', 'dl-id', d.id),
        el('span', 'dl-time', clock(d.atMs)));
      if (d.id) head.children[1].title = d.id;
      li.append(head, el('div', 'dl-msg', d.message),
        el('div', 'dl-pos', `${d.topic}-${d.partition} @ ${d.offset}`));
      return li;
    });
    $('dead-letters').replaceChildren(...items);
    $('dead-empty').hidden = items.length > 0;
  }

  function renderTiles(view) {
    $('total-predictions').textContent = count(view.totals.predictions);
    $('total-dead').textContent = count(view.totals.deadLetters);
    $('model').textContent = view.totals.model || 'no prediction yet';
    const lastFive = view.series.slice(-5);
    const rate = lastFive.reduce((a, p) => a + p.imagesPerSecond, 0) / Math.max(1, lastFive.length);
    $('rate').textContent = view.totals.predictions > 0 ? rate.toFixed(rate < 10 ? 1 : 0) + ' /s' : '–';
    const withLatency = view.series.filter((p) => p.p95 >= 0);
    $('latency').textContent = withLatency.length ? millis(withLatency[withLatency.length - 1].p95) : '–';
  }

  function setStatus(state, text) {
    $('status').className = 'status ' + state;
    $('status-text').textContent = text;
  }

  // ---- polling ----

  function apply(view) {
    if (view.instance !== instance) {
      instance = view.instance;
      after = 0;
      cards.clear();
      nodes.clear();
      drawn.clear();
    }
    for (const card of view.cards) {
      cards.set(card.seq, card);
      if (card.seq > after) after = card.seq;
    }
    recent = view.recent;
    mistakes = view.mistakes;
    forgetOldCards();
    renderCards();
    renderTiles(view);
    renderCharts(view);
    renderAccuracy(view);
    renderDeadLetters(view);
    const missed = view.totals.missed > 0 ? ` · ${count(view.totals.missed)} events not shown` : '';
    const errors = view.totals.errors > 0
      ? ` · ${count(view.totals.errors)} view errors (in the app's log)` : '';
    if (view.updatedMs > 0 && view.nowMs - view.updatedMs > STALE_MS) {
      // the server answers, but its view stopped bringing the data up to date
      setStatus('stale', 'stale · data of ' + clock(view.updatedMs) + ', not updated since' + errors);
    } else {
      setStatus('live', 'live · ' + clock(view.nowMs) + missed + errors);
    }
  }

  async function poll() {
    try {
      const response = await fetch('/api/view?after=' + after, { cache: 'no-store' });
      if (response.status === 503) {
        setStatus('stale', 'server busy · retrying');
        return;
      }
      if (!response.ok) throw new Error('HTTP ' + response.status);
      apply(await response.json());
    } catch (error) {
      setStatus('down', 'disconnected · retrying');
    } finally {
      setTimeout(poll, document.hidden ? HIDDEN_POLL_MS : POLL_MS);
    }
  }

  function setFilter(value) {
    filter = value;
    for (const [id, name] of [['filter-all', 'all'], ['filter-mistakes', 'mistakes']]) {
      $(id).classList.toggle('on', filter === name);
      $(id).setAttribute('aria-pressed', String(filter === name));
    }
    renderCards();
  }

  $('filter-all').addEventListener('click', () => setFilter('all'));
  $('filter-mistakes').addEventListener('click', () => setFilter('mistakes'));
  poll();
})();

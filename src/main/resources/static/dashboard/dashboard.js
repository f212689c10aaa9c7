// Rung's readout dashboard: experiments, their daily readout per arm, spend by model and task type, what each
// task type's checks caught against reviewed truth, replays beside what was served, learned routers' evaluations, and
// bulk jobs' progress.
// Everything shown comes from Rung's API with the reader's API key; values are inserted as text, never as HTML.
'use strict';

const KEY_STORAGE = 'rung.apiKey';
const ARM_COLOURS = { control: '#3b6ea5', treatment: '#d9822b' };
// Treatments beyond the first take these in turn.
const MORE_COLOURS = ['#d9822b', '#2f9e44', '#9c36b5', '#c92a2a', '#1098ad', '#e67700', '#5c7cfa', '#a61e4d', '#495057'];
const STOP_LOSS_KINDS = new Set(['stop_loss_paused', 'paused', 'arm_paused', 'resumed']);
const charts = [];

class Unauthorized extends Error {}

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null) node.setAttribute(name, value);
  }
  for (const child of children.flat()) {
    if (child !== undefined && child !== null) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

async function api(path, accept = 'application/json') {
  const response = await fetch(path, { headers: { 'X-API-Key': sessionStorage.getItem(KEY_STORAGE) || '', Accept: accept } });
  if (response.status === 401 || response.status === 403) {
    const problem = await response.json().catch(() => ({}));
    throw new Unauthorized(problem.detail || 'The API key was refused.');
  }
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    throw new Error(problem.detail || problem.title || `${path} answered ${response.status}`);
  }
  return accept === 'application/json' ? response.json() : response.blob();
}

const format = {
  percent: v => (v === null || v === undefined ? '–' : `${(v * 100).toFixed(1)}%`),
  usd: v => (v === null || v === undefined ? '–' : `$${Number(v).toFixed(Number(v) < 0.01 ? 6 : 4)}`),
  ms: v => (v === null || v === undefined ? '–' : `${Math.round(v)} ms`),
  count: v => Number(v).toLocaleString('en-US'),
};

// The readout's metrics drawn as daily charts: what each axis shows and how to read a value off an arm's row.
const DAILY_METRICS = [
  { id: 'cost-per-success', title: 'Cost per successful task (USD)', value: a => num(a.costPerSuccessUsd), axis: v => format.usd(v) },
  { id: 'pass-rate', title: 'Pass rate', value: a => a.passRate, axis: v => format.percent(v), range: [0, 1] },
  // Whole milliseconds between ticks, so no two axis labels read the same.
  { id: 'p95-latency', title: 'p95 latency (ms)', value: a => a.p95LatencyMs, axis: v => `${Math.round(v)}`, minInterval: 1 },
  { id: 'escalation-rate', title: 'Escalation rate', value: a => a.escalationRate, axis: v => format.percent(v), range: [0, 1] },
];

function num(v) {
  return v === null || v === undefined ? null : Number(v);
}

function disposeCharts() {
  while (charts.length) charts.pop().dispose();
}

function view(...children) {
  disposeCharts();
  const root = document.getElementById('view');
  root.replaceChildren(...children);
  return root;
}

function showKeyForm(message) {
  document.getElementById('key-form').hidden = false;
  document.getElementById('key-error').textContent = message || '';
  document.getElementById('forget-key').hidden = true;
  view();
}

async function experimentsPage() {
  const experiments = await api('/v1/experiments');
  const rows = experiments.map(e => el('tr', { 'data-experiment': e.id },
    el('td', {}, el('a', { href: `#/experiments/${e.id}` }, e.name)),
    el('td', {}, e.taskType),
    el('td', { class: `status ${e.status}` }, e.status),
    el('td', {}, e.controlPolicy), el('td', {}, e.arms.slice(1).map(a => a.policy).join(', ')),
    el('td', { class: 'num' }, format.percent(Number(e.treatmentShare))),
    el('td', {}, e.startedAt ? new Date(e.startedAt).toISOString().slice(0, 16).replace('T', ' ') : '–')));
  view(el('h1', {}, 'Experiments'),
    experiments.length === 0 ? el('p', { class: 'meta' }, 'No experiments yet: create one with POST /v1/experiments.') :
      el('table', { id: 'experiments' },
        el('thead', {}, el('tr', {}, ['Name', 'Task type', 'Status', 'Control', 'Treatments', 'Treatment share', 'Started (UTC)']
          .map(h => el('th', {}, h)))),
        el('tbody', {}, rows)));
}

function dayOf(instant, timeZone) {
  // en-CA formats a date as yyyy-mm-dd, the readout's day keys, in the experiment's own time zone.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(instant));
}

function armColour(readout, arm) {
  if (ARM_COLOURS[arm]) return ARM_COLOURS[arm];
  const i = readout.experiment.arms.findIndex(a => a.arm === arm);
  return MORE_COLOURS[Math.max(0, i - 1) % MORE_COLOURS.length];
}

function dailyChart(container, metric, readout) {
  const days = readout.days.map(d => d.day);
  const series = readout.experiment.arms.map(a => a.arm).map(arm => ({
    name: arm, type: 'line', connectNulls: true, symbolSize: 7,
    itemStyle: { color: armColour(readout, arm) }, lineStyle: { color: armColour(readout, arm) },
    data: readout.days.map(d => {
      const row = d.arms.find(a => a.arm === arm);
      return row ? metric.value(row) : null;
    }),
  }));
  const marks = readout.stopLoss.events
    .filter(e => STOP_LOSS_KINDS.has(e.kind))
    .map(e => ({ xAxis: dayOf(e.at, readout.experiment.timeZone), name: e.kind.replace(/_/g, ' ') }))
    .filter(m => days.includes(m.xAxis));
  if (marks.length) {
    series[1].markLine = {
      symbol: 'none', lineStyle: { color: '#b42318', type: 'dashed' },
      label: { formatter: p => p.name, color: '#b42318' }, data: marks,
    };
  }
  const chart = echarts.init(container, null, { renderer: 'canvas' });
  chart.setOption({
    title: { text: metric.title, left: 8, top: 6, textStyle: { fontSize: 13 } },
    legend: { top: 6, right: 8 },
    tooltip: { trigger: 'axis', valueFormatter: v => (v === null || v === undefined ? '–' : metric.axis(v)) },
    grid: { left: 64, right: 24, top: 44, bottom: 32 },
    xAxis: { type: 'category', data: days },
    yAxis: metric.range
      ? { type: 'value', min: metric.range[0], max: metric.range[1], axisLabel: { formatter: metric.axis } }
      : { type: 'value', scale: true, minInterval: metric.minInterval, axisLabel: { formatter: metric.axis } },
    series,
  });
  charts.push(chart);
  container.dataset.points = series.reduce((n, s) => n + s.data.filter(v => v !== null).length, 0);
  container.dataset.stopLossMarks = marks.length;
}

// The pass-rate effect as it stood at the end of each hour of the first days, then of each day, with its interval:
// has it settled? One line per treatment, its interval dashed in the same colour.
function effectChart(container, readout) {
  const points = readout.effectOverTime.filter(p => p.metric === 'passRate');
  const label = p => (p.hour === null || p.hour === undefined ? p.day : `${p.day} ${String(p.hour).padStart(2, '0')}h`);
  const labels = [...new Set(points.map(label))];
  const treatments = [...new Set(points.map(p => p.arm))];
  const series = treatments.flatMap(arm => {
    const mine = new Map(points.filter(p => p.arm === arm).map(p => [label(p), p]));
    const line = (name, pick, dashed) => ({
      name, type: 'line', symbolSize: dashed ? 0 : 6, connectNulls: true,
      lineStyle: { color: armColour(readout, arm), type: dashed ? 'dashed' : 'solid', opacity: dashed ? 0.6 : 1 },
      itemStyle: { color: armColour(readout, arm) },
      data: labels.map(l => (mine.has(l) && pick(mine.get(l)) !== null ? pick(mine.get(l)) * 100 : null)),
    });
    return [line(arm, p => p.estimate, false), line(`${arm} low`, p => p.ciLow, true), line(`${arm} high`, p => p.ciHigh, true)];
  });
  const chart = echarts.init(container, null, { renderer: 'canvas' });
  chart.setOption({
    title: { text: 'Pass-rate effect over time, cumulative (points, treatment − control)', left: 8, top: 6, textStyle: { fontSize: 13 } },
    legend: { top: 28, right: 8, data: treatments }, tooltip: { trigger: 'axis', valueFormatter: v => (v === null ? '–' : `${v.toFixed(2)} pt`) },
    grid: { left: 64, right: 24, top: 60, bottom: 32 },
    xAxis: { type: 'category', data: labels },
    yAxis: { type: 'value', scale: true, axisLabel: { formatter: v => `${v.toFixed(1)}` } },
    series,
  });
  charts.push(chart);
  container.dataset.points = points.length;
}

function armTable(arms) {
  const columns = [
    ['Arm', a => a.arm], ['Policy', a => a.policy], ['Tasks', a => format.count(a.tasks), 'num'],
    ['Pass rate', a => withInterval(a.passRate, a.passRateInterval), 'num'], ['Cost per success', a => (a.unpricedTasks ? `unknown (${format.count(a.unpricedTasks)} unpriced)` : format.usd(a.costPerSuccessUsd)), 'num'],
    ['p95 latency', a => format.ms(a.p95LatencyMs), 'num'], ['Escalation rate', a => withInterval(a.escalationRate, a.escalationRateInterval), 'num'],
    ['Schema-error rate', a => withInterval(a.schemaErrorRate, a.schemaErrorRateInterval), 'num'], ['Cache hits', a => format.count(a.cacheHits), 'num'],
    ['Reviewed accuracy', a => reviewed(a.accuracy), 'num'],
  ];
  return el('table', { id: 'arms' },
    el('thead', {}, el('tr', {}, columns.map(([h, , c]) => el('th', { class: c }, h)))),
    el('tbody', {}, arms.map(a => el('tr', {}, columns.map(([, f, c]) => el('td', { class: c }, f(a)))))));
}

// A rate with its 95% interval, when the readout has one.
function withInterval(rate, interval) {
  if (!interval || interval.ciLow === null || interval.ciLow === undefined) return format.percent(rate);
  return `${format.percent(rate)} [${format.percent(interval.ciLow)}, ${format.percent(interval.ciHigh)}]`;
}

// Accuracy against ground truth with its interval, and how many reviewed tasks it rests on.
function reviewed(accuracy) {
  if (!accuracy || !accuracy.reviewed) return '–';
  return `${format.percent(accuracy.rate)} [${format.percent(accuracy.ciLow)}, ${format.percent(accuracy.ciHigh)}] of ${format.count(accuracy.reviewed)}`;
}

function proportion(p) {
  if (!p || !p.of) return '–';
  return `${format.percent(p.share)} [${format.percent(p.ciLow)}, ${format.percent(p.ciHigh)}] · ${format.count(p.count)}/${format.count(p.of)}`;
}

function rungTable(rungs) {
  const columns = [
    ['Rung', r => r.rung], ['Models', r => r.models.join(', ')], ['Judged answers', r => format.count(r.judgedAnswers), 'num'],
    ['Wrong answers', r => format.count(r.wrongAnswers), 'num'],
    ['Wrong caught (recall)', r => proportion(r.wrongCaught), 'num'],
    ['Right escalated (false alarms)', r => proportion(r.rightEscalated), 'num'],
    ['Accepted accuracy', r => proportion(r.acceptedAccuracy), 'num'],
    ['No answer', r => Object.entries(r.withoutAnswer).map(([k, v]) => `${k} ${v}`).join(', ') || '–'],
  ];
  return el('table', { id: 'check-rungs' },
    el('thead', {}, el('tr', {}, columns.map(([h, , c]) => el('th', { class: c }, h)))),
    el('tbody', {}, rungs.map(r => el('tr', {}, columns.map(([, f, c]) => el('td', { class: c }, f(r)))))));
}

function checkTable(rungs) {
  return el('table', { id: 'checks' },
    el('thead', {}, el('tr', {}, ['Rung', 'Check', 'Wrong answers it caught', 'Right answers it escalated']
      .map((h, i) => el('th', { class: i > 1 ? 'num' : undefined }, h)))),
    el('tbody', {}, rungs.flatMap(r => r.checks.map(c => el('tr', {},
      el('td', {}, r.rung), el('td', {}, c.check),
      el('td', { class: 'num' }, proportion(c.wrongCaught)), el('td', { class: 'num' }, proportion(c.rightEscalated)))))));
}

function thresholdChart(container, rung) {
  const points = rung.confidenceThresholds;
  const line = (name, pick, color) => ({
    name, type: 'line', symbolSize: 6, itemStyle: { color }, lineStyle: { color },
    data: points.map(p => pick(p).share),
  });
  const chart = echarts.init(container, null, { renderer: 'canvas' });
  chart.setOption({
    title: { text: `Rung ${rung.rung}: had the confidence threshold been…`, left: 8, top: 6, textStyle: { fontSize: 13 } },
    legend: { top: 28, right: 8 },
    tooltip: { trigger: 'axis', valueFormatter: v => format.percent(v) },
    grid: { left: 64, right: 24, top: 60, bottom: 32 },
    xAxis: { type: 'category', data: points.map(p => p.threshold.toFixed(2)) },
    yAxis: { type: 'value', min: 0, max: 1, axisLabel: { formatter: v => format.percent(v) } },
    series: [
      line('wrong answers failed', p => p.wrongCaught, '#3b6ea5'),
      line('right answers escalated', p => p.rightEscalated, '#d9822b'),
      line('accepted accuracy', p => p.acceptedAccuracy, '#2e7d32'),
    ],
  });
  charts.push(chart);
  container.dataset.points = points.length;
}

async function checksPage(type, days) {
  // The task types with spend in the last 90 days: what a readouts:read key can see.
  const types = [...new Set((await api('/v1/spend?days=90')).map(r => r.taskType))].sort();
  const chosen = type || types[0];
  const typeSelect = el('select', { id: 'check-type' }, types.map(t => {
    const option = el('option', { value: t }, t);
    option.selected = t === chosen;
    return option;
  }));
  const daySelect = el('select', { id: 'check-days' }, [7, 30, 90].map(d => {
    const option = el('option', { value: d }, `last ${d} days`);
    option.selected = d === days;
    return option;
  }));
  const go = () => { location.hash = `#/checks?type=${encodeURIComponent(typeSelect.value)}&days=${daySelect.value}`; };
  typeSelect.addEventListener('change', go);
  daySelect.addEventListener('change', go);
  if (!chosen) {
    view(el('h1', {}, 'Check quality'), el('p', { class: 'meta' }, 'No tasks yet.'));
    return;
  }
  const from = new Date(Date.now() - days * 86400000).toISOString();
  const report = await api(`/v1/task-types/${encodeURIComponent(chosen)}/check-quality?from=${encodeURIComponent(from)}`);
  const sources = Object.entries(report.truthSources).map(([k, v]) => `${k} ${format.count(v)}`).join(', ');
  const grid = el('div', { class: 'charts' });
  view(el('h1', {}, `Check quality · ${report.taskType}`),
    el('p', {}, typeSelect, ' ', daySelect),
    el('p', { class: 'meta', id: 'check-reviewed' },
      `${format.count(report.reviewedTasks)} tasks with a correct answer on record${sources ? ` (${sources})` : ''}. `,
      'Checks run in order; each is credited with what the earlier ones let through. Intervals are 95% Wilson.'),
    ...(report.rungs.length === 0 ? [el('p', { class: 'meta' }, 'No reviewed answers in this window.')] :
      [el('h2', {}, 'Per rung'), rungTable(report.rungs), el('h2', {}, 'Per check'), checkTable(report.rungs),
        el('h2', {}, 'Confidence thresholds'), grid]));
  const swept = report.rungs.filter(r => r.confidenceThresholds.length);
  const containers = swept.map(r => el('div', { class: 'chart', id: `chart-thresholds-${r.rung}` }));
  grid.append(...containers);
  swept.forEach((r, i) => thresholdChart(containers[i], r));
}

// Each router version with what it was trained on and, once replayed, its policy beside the ones it should beat.
async function routersPage() {
  const routers = await api('/v1/routers');
  const percent = v => (v === null || v === undefined ? '–' : format.percent(v));
  const version = r => el('section', { class: 'router', 'data-router': r.policy },
    el('h2', {}, `${r.policy} `, el('span', { class: `status ${r.status}` }, r.status)),
    el('p', { class: 'meta' }, `${r.taskType} on ${r.basePolicy} · trained ${r.trainFrom.slice(0, 10)} – ${r.trainTo.slice(0, 10)}`
      + (r.training ? ` on ${format.count(r.training.examples)} tasks (first rung passed ${percent(r.training.firstRungPasses / r.training.examples)}),`
        + ` starts ${percent(r.training.startsHigherShare)} higher at p < ${r.threshold.toFixed(3)}` : '')
      + ` · held out ${r.holdoutFrom.slice(0, 10)} – ${r.holdoutTo.slice(0, 10)}` + (r.error ? ` · ${r.error}` : '')),
    !r.evaluation ? el('p', { class: 'meta' }, 'Not replayed yet.') :
      el('table', { class: 'evaluation' },
        el('thead', {}, el('tr', {}, ['Policy', 'Role', 'Replay', 'Tasks', 'Pass rate', 'Cost per success', 'Agrees with served', 'Reviewed accuracy']
          .map((h, i) => el('th', { class: i > 2 ? 'num' : undefined }, h)))),
        el('tbody', {}, r.evaluation.policies.map(p => el('tr', { 'data-role': p.role },
          el('td', {}, p.policy), el('td', {}, p.role),
          el('td', { class: `status ${p.status}` }, el('a', { href: `#/replays/${p.replayId}` }, p.status)),
          el('td', { class: 'num' }, `${format.count(p.processed)} / ${format.count(p.candidates)}`),
          el('td', { class: 'num' }, percent(p.passRate)),
          el('td', { class: 'num' }, p.costPerSuccessUsd === null ? '–' : format.usd(p.costPerSuccessUsd)),
          el('td', { class: 'num' }, percent(p.agreementWithServed)),
          el('td', { class: 'num' }, percent(p.reviewedAccuracy)))))));
  view(el('h1', {}, 'Learned routers'),
    routers.length === 0 ? el('p', { class: 'meta' }, 'No routers yet: train one with POST /v1/routers.') :
      el('div', { id: 'routers' }, routers.map(version)));
}

// Bulk jobs through the Batch API, refreshed every two seconds while one is open: inputs by state, batches, what
// the batch lines cost beside their standard price, and the results as CSV.
let refresh;
const OPEN_JOBS = new Set(['preparing', 'waiting', 'cancelling']);

async function jobsPage() {
  const jobs = await api('/v1/jobs');
  const ended = j => j.counts.succeeded + j.counts.failed + j.counts.cancelled;
  const saved = j => (j.cost.batchLinesUsd === null || j.cost.batchLinesAtStandardPricesUsd === null ? '–'
    : format.usd(Number(j.cost.batchLinesAtStandardPricesUsd) - Number(j.cost.batchLinesUsd)));
  view(el('h1', {}, 'Bulk jobs'),
    jobs.length === 0 ? el('p', { class: 'meta' }, 'No bulk jobs yet: upload one with POST /v1/jobs/{type}.') :
      el('table', { id: 'jobs' },
        el('thead', {}, el('tr', {}, ['Task type', 'Status', 'Progress', 'In batch', 'Succeeded', 'Escalated', 'Failed',
          'Cancelled', 'Batches', 'Cost', 'Per success', 'Saved', 'Started (UTC)', '']
          .map((h, i) => el('th', { class: i > 1 && i < 12 ? 'num' : undefined }, h)))),
        el('tbody', {}, jobs.map(j => el('tr', { 'data-job': j.id },
          el('td', {}, j.taskType), el('td', { class: `status ${j.status}` }, j.status),
          el('td', { class: 'num' }, el('progress', { max: j.total, value: ended(j) }), ` ${format.count(ended(j))} / ${format.count(j.total)}`),
          el('td', { class: 'num' }, format.count(j.counts.waitingOnBatch)),
          el('td', { class: 'num' }, format.count(j.counts.succeeded)),
          el('td', { class: 'num' }, format.count(j.counts.escalated)),
          el('td', { class: 'num' }, format.count(j.counts.failed)),
          el('td', { class: 'num' }, format.count(j.counts.cancelled)),
          el('td', { class: 'num', title: j.batches.map(b => `${b.id}: ${b.status}`).join('\n') },
            j.batches.map(b => b.status).join(', ') || '–'),
          el('td', { class: 'num' }, format.usd(j.cost.totalUsd)),
          el('td', { class: 'num' }, format.usd(j.cost.costPerSuccessUsd)),
          el('td', { class: 'num' }, saved(j)),
          el('td', {}, new Date(j.createdAt).toISOString().slice(0, 16).replace('T', ' ')),
          el('td', {}, el('button', { type: 'button', 'data-results': j.id }, 'CSV')))))));
  document.querySelectorAll('button[data-results]').forEach(button => button.addEventListener('click',
    () => downloadResults(button.dataset.results).catch(fail)));
  if (jobs.some(j => OPEN_JOBS.has(j.status))) refresh = setTimeout(route, 2000);
}

async function downloadResults(id) {
  const blob = await api(`/v1/jobs/${id}/results?format=csv`, 'text/csv');
  const link = el('a', { href: URL.createObjectURL(blob), download: `rung-job-${id}.csv` });
  document.body.append(link);
  link.click();
  link.remove();
}

async function replaysPage() {
  const replays = await api('/v1/replays');
  view(el('h1', {}, 'Replays and shadows'),
    replays.length === 0 ? el('p', { class: 'meta' }, 'No replays yet: start one with POST /v1/replays.') :
      el('table', { id: 'replays' },
        el('thead', {}, el('tr', {}, ['Task type', 'Policy', 'Mode', 'Status', 'Replayed', 'Erased, skipped', 'Spent', 'Started (UTC)']
          .map((h, i) => el('th', { class: i > 3 && i < 7 ? 'num' : undefined }, h)))),
        el('tbody', {}, replays.map(r => el('tr', { 'data-replay': r.id },
          el('td', {}, el('a', { href: `#/replays/${r.id}` }, r.taskType)), el('td', {}, r.policy), el('td', {}, r.mode),
          el('td', { class: `status ${r.status}` }, r.status),
          el('td', { class: 'num' }, `${format.count(r.processed)} / ${format.count(r.candidates)}`),
          el('td', { class: 'num' }, format.count(r.skippedErased)), el('td', { class: 'num' }, format.usd(r.spentUsd)),
          el('td', {}, new Date(r.createdAt).toISOString().slice(0, 16).replace('T', ' ')))))));
}

async function replayPage(id) {
  const readout = await api(`/v1/replays/${encodeURIComponent(id)}/readout`);
  const r = readout.replay;
  const columns = [
    ['Arm', a => a.arm], ['Policy', a => a.policies.join(', ')], ['Tasks', a => format.count(a.tasks), 'num'],
    ['Pass rate', a => proportion(a.passRate), 'num'],
    ['Cost per success', a => (a.unpricedTasks ? `unknown (${format.count(a.unpricedTasks)} unpriced)` : format.usd(a.costPerSuccessUsd)), 'num'],
    ['p95 latency', a => format.ms(a.p95LatencyMs), 'num'], ['Escalation rate', a => proportion(a.escalationRate), 'num'],
    ['Reviewed accuracy', a => proportion(a.reviewedAccuracy), 'num'],
  ];
  const scope = r.mode === 'shadow' ? `shadow of ${format.percent(Number(r.share))} of served tasks`
    : `tasks created ${r.from.slice(0, 16).replace('T', ' ')} to ${r.to.slice(0, 16).replace('T', ' ')} UTC`;
  view(el('h1', {}, `Replay · ${r.taskType} on ${r.policy}`),
    el('p', { class: 'meta' }, 'Status ', el('span', { class: `status ${r.status}`, id: 'replay-status' }, r.status),
      ` · ${scope} · replayed ${format.count(r.processed)} of ${format.count(r.candidates)}, ${format.count(r.skippedErased)} erased`,
      ` · spent ${format.usd(r.spentUsd)} of ${format.usd(r.spendCapUsd)}`),
    el('h2', {}, 'Served and replayed, task for task'),
    el('table', { id: 'replay-arms' },
      el('thead', {}, el('tr', {}, columns.map(([h, , c]) => el('th', { class: c }, h)))),
      el('tbody', {}, readout.arms.map(a => el('tr', {}, columns.map(([, f, c]) => el('td', { class: c }, f(a))))))),
    el('p', { id: 'replay-agreement' },
      `Agreement with what was served (${readout.agreementOn.join(', ')}): ${proportion(readout.agreement)}`));
}

function intervalTable(comparisons) {
  const level = comparisons.length ? `${(comparisons[0].confidence * 100).toFixed(1).replace(/\.0$/, '')}%` : '95%';
  const show = (metric, v) => {
    if (v === null || v === undefined) return '–';
    return metric === 'passRate' ? `${(v * 100).toFixed(2)} pt` : metric === 'p95Latency' ? `${v.toFixed(1)} ms` : `$${v.toFixed(6)}`;
  };
  const relative = v => (v === null || v === undefined ? '–' : `${(v * 100).toFixed(1)}%`);
  return el('table', { id: 'intervals' },
    el('thead', {}, el('tr', {}, ['Treatment', 'Metric (treatment − control)', 'Estimate', `${level} interval`, 'Relative', `Relative ${level} interval`, 'p-value', 'Verdict', 'More subjects per arm']
      .map((h, i) => el('th', { class: i > 1 ? 'num' : undefined }, h)))),
    el('tbody', {}, comparisons.map(c => el('tr', {},
      el('td', {}, c.arm),
      el('td', {}, c.metric),
      el('td', { class: 'num' }, show(c.metric, c.absolute.estimate)),
      el('td', { class: 'num' }, `[${show(c.metric, c.absolute.ciLow)}, ${show(c.metric, c.absolute.ciHigh)}]`),
      el('td', { class: 'num' }, relative(c.relative.estimate)),
      el('td', { class: 'num' }, `[${relative(c.relative.ciLow)}, ${relative(c.relative.ciHigh)}]`),
      el('td', { class: 'num' }, c.absolute.pValue === null ? '–' : c.absolute.pValue.toFixed(4)),
      el('td', { class: `num verdict ${c.verdict}` }, c.verdict),
      el('td', { class: 'num' }, c.additionalSubjectsPerArm === null || c.additionalSubjectsPerArm === undefined
        ? '–' : `about ${format.count(c.additionalSubjectsPerArm)}`)))));
}

async function downloadCsv(id) {
  const blob = await api(`/v1/experiments/${id}/readout`, 'text/csv');
  const link = el('a', { href: URL.createObjectURL(blob), download: `readout-${id}.csv` });
  document.body.append(link);
  link.click();
  link.remove();
}

async function experimentPage(id) {
  const readout = await api(`/v1/experiments/${encodeURIComponent(id)}/readout`);
  const e = readout.experiment;
  const grid = el('div', { class: 'charts' });
  const events = readout.stopLoss.events;
  view(
    el('h1', {}, `Experiment · ${e.taskType}`),
    el('p', { class: 'meta' }, `Status `, el('span', { class: `status ${e.status}`, id: 'experiment-status' }, e.status),
      ` · ${e.arms.map(a => `${a.arm} ${a.policy} (${format.percent(Number(a.share))}${a.paused ? ', paused' : ''})`).join(' vs ')}`,
      ` · prompt ${e.promptVersion} · days in ${e.timeZone} · stop-loss ${readout.stopLoss.state}`),
    el('p', {}, el('button', { type: 'button', id: 'csv' }, 'Download CSV')),
    grid,
    el('h2', {}, e.arms.length > 2 ? 'Each treatment vs control (Bonferroni-corrected intervals)' : 'Treatment vs control'),
    intervalTable(readout.comparisons),
    el('p', { class: readout.srm.flagged ? 'error' : 'meta', id: 'srm' },
      `Sample ratio: p = ${readout.srm.pValue.toFixed(4)}${readout.srm.flagged ? ' — mismatch: check the assignment before trusting the readout' : ''}`),
    el('h2', {}, 'Arms, whole experiment'), armTable(readout.arms),
    el('h2', {}, 'Stop-loss and status events'),
    events.length === 0 ? el('p', { class: 'meta' }, 'None.') :
      el('ul', { class: 'events', id: 'events' }, events.map(ev =>
        el('li', {}, `${new Date(ev.at).toISOString().replace('T', ' ').slice(0, 19)} UTC · ${ev.kind} · ${ev.actor}${ev.reason ? ` · ${ev.reason}` : ''}`))));
  document.getElementById('csv').addEventListener('click', () => downloadCsv(e.id).catch(fail));
  // All containers first, so each chart starts at its final size in the grid.
  const containers = DAILY_METRICS.map(metric => el('div', { class: 'chart', id: `chart-${metric.id}` }));
  grid.append(...containers);
  DAILY_METRICS.forEach((metric, i) => dailyChart(containers[i], metric, readout));
  const effect = el('div', { class: 'chart', id: 'chart-effect' });
  grid.append(effect);
  effectChart(effect, readout);
}

async function spendPage(days) {
  const rows = await api(`/v1/spend?days=${days}`);
  const dayKeys = [...new Set(rows.map(r => r.day))].sort();
  const models = [...new Set(rows.map(r => r.model))].sort();
  const container = el('div', { class: 'chart', id: 'chart-spend' });
  const totals = new Map();
  for (const r of rows) {
    const key = `${r.taskType}|${r.model}|${r.serviceTier}|${r.simulated}`;
    const t = totals.get(key) || { taskType: r.taskType, model: r.model, serviceTier: r.serviceTier, simulated: r.simulated, attempts: 0, cost: 0, unpriced: 0 };
    t.attempts += r.attempts;
    t.cost += Number(r.costUsd || 0);
    // An attempt with no price is not free: its count is shown, and the cost is marked as a lower bound.
    t.unpriced += r.unpricedAttempts || 0;
    totals.set(key, t);
  }
  const select = el('select', { id: 'spend-days' }, [7, 30, 90].map(d => {
    const option = el('option', { value: d }, `last ${d} days`);
    option.selected = d === days;
    return option;
  }));
  select.addEventListener('change', () => { location.hash = `#/spend?days=${select.value}`; });
  view(el('h1', {}, 'Spend by model and task type'), el('p', {}, select), container,
    el('h2', {}, 'Totals'),
    el('table', { id: 'spend' },
      el('thead', {}, el('tr', {}, ['Task type', 'Model', 'Tier', 'Provider', 'Attempts', 'Unpriced', 'Cost'].map((h, i) => el('th', { class: i > 3 ? 'num' : undefined }, h)))),
      el('tbody', {}, [...totals.values()].sort((a, b) => b.cost - a.cost).map(t => el('tr', {},
        el('td', {}, t.taskType), el('td', {}, t.model), el('td', {}, t.serviceTier === 'flex' ? 'flex' : 'standard'),
        el('td', {}, t.simulated ? 'simulated' : 'real'),
        el('td', { class: 'num' }, format.count(t.attempts)), el('td', { class: 'num' }, format.count(t.unpriced)),
        el('td', { class: 'num', title: t.unpriced ? 'at least: the unpriced attempts are not in it' : undefined },
          (t.unpriced ? '≥ ' : '') + format.usd(t.cost)))))));
  const chart = echarts.init(container);
  chart.setOption({
    title: { text: 'Cost per UTC day (USD), stacked by model', left: 8, top: 6, textStyle: { fontSize: 13 } },
    legend: { top: 6, right: 8 }, tooltip: { trigger: 'axis' },
    grid: { left: 72, right: 24, top: 44, bottom: 32 },
    xAxis: { type: 'category', data: dayKeys }, yAxis: { type: 'value' },
    series: models.map(model => ({
      name: model, type: 'bar', stack: 'cost',
      data: dayKeys.map(day => rows.filter(r => r.day === day && r.model === model).reduce((s, r) => s + Number(r.costUsd || 0), 0)),
    })),
  });
  charts.push(chart);
  container.dataset.points = dayKeys.length * models.length;
}

function fail(error) {
  if (error instanceof Unauthorized) {
    showKeyForm(error.message);
    return;
  }
  view(el('p', { class: 'error', role: 'alert' }, error.message));
}

async function route() {
  clearTimeout(refresh);
  if (!sessionStorage.getItem(KEY_STORAGE)) {
    showKeyForm();
    return;
  }
  document.getElementById('key-form').hidden = true;
  document.getElementById('forget-key').hidden = false;
  const hash = location.hash || '#/';
  const experiment = hash.match(/^#\/experiments\/([0-9a-fA-F-]{36})$/);
  const spend = hash.match(/^#\/spend(?:\?days=(\d+))?$/);
  const checks = hash.match(/^#\/checks(?:\?type=([a-z0-9-]*)(?:&days=(\d+))?)?$/);
  const replay = hash.match(/^#\/replays\/([0-9a-fA-F-]{36})$/);
  const replays = hash === '#/replays';
  const routers = hash === '#/routers';
  const jobs = hash === '#/jobs';
  try {
    if (experiment) await experimentPage(experiment[1]);
    else if (spend) await spendPage(Number(spend[1] || 30));
    else if (checks) await checksPage(checks[1], Number(checks[2] || 7));
    else if (replay) await replayPage(replay[1]);
    else if (replays) await replaysPage();
    else if (routers) await routersPage();
    else if (jobs) await jobsPage();
    else await experimentsPage();
    document.body.dataset.page = experiment ? 'experiment' : spend ? 'spend' : checks ? 'checks'
      : replay ? 'replay' : replays ? 'replays' : routers ? 'routers' : jobs ? 'jobs' : 'experiments';
  } catch (error) {
    fail(error);
  }
}

async function markProvider() {
  const info = await fetch('/actuator/info').then(r => (r.ok ? r.json() : {})).catch(() => ({}));
  if (info.provider && info.provider.simulated) {
    const badge = document.getElementById('provider');
    badge.textContent = 'Simulated provider: no real model answers here';
    badge.hidden = false;
  }
}

document.getElementById('key-entry').addEventListener('submit', event => {
  event.preventDefault();
  sessionStorage.setItem(KEY_STORAGE, document.getElementById('api-key').value.trim());
  route();
});
document.getElementById('forget-key').addEventListener('click', () => {
  sessionStorage.removeItem(KEY_STORAGE);
  showKeyForm();
});
window.addEventListener('hashchange', route);
window.addEventListener('resize', () => charts.forEach(c => c.resize()));
markProvider();
route();

/*
 * The trialstream search page. Every user-provided string (search names, column names, reasons)
 * reaches the DOM through textContent, and every tooltip through esc(): never as HTML.
 * Modes: a report (data inlined in #report-data), one search (/searches/ID: polls
 * /api/searches/ID until the search is done), or the list of searches (/).
 */
(function () {
  'use strict';

  var POLL_MS = 2000;
  var TOP = ['#d62728', '#ff7f0e', '#2ca02c'];
  var COMPLETED = '#8fb3d9';
  var PRUNED = '#b8bcc2';
  var charts = {};

  function $(id) { return document.getElementById(id); }

  function text(id, value) { $(id).textContent = value; }

  function cell(row, value, cls) {
    var td = document.createElement('td');
    td.textContent = value;
    if (cls) { td.className = cls; }
    row.appendChild(td);
    return td;
  }

  function esc(value) {
    return String(value).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  function num(x, digits) {
    return x === null || x === undefined || !isFinite(x) ? '–' : Number(x).toPrecision(digits || 4);
  }

  /** "1 round", "3 rounds". */
  function plural(n, word) { return n + ' ' + word + (n === 1 ? '' : 's'); }

  function notice(message) {
    var el = $('notice');
    el.hidden = !message;
    el.textContent = message || '';
  }

  function chart(id) {
    if (!charts[id]) { charts[id] = echarts.init($(id)); }
    return charts[id];
  }

  /** A parameter value as people write it: 3 significant digits for real numbers. */
  function paramValue(value) {
    if (typeof value !== 'number' || Number.isInteger(value)) { return String(value); }
    return String(Number(value.toPrecision(3)));
  }

  function paramText(params) {
    return Object.keys(params).map(function (k) { return k + '=' + paramValue(params[k]); }).join('  ');
  }

  function completedByMse(page) {
    return page.trials.filter(function (t) { return t.status === 'completed' && t.cvMse !== null; })
      .sort(function (a, b) { return a.cvMse - b.cvMse || a.index - b.index; });
  }

  // ---- summary ----

  function renderSummary(page) {
    text('title', page.name);
    document.title = page.name + ' · trialstream';
    text('meta', 'search ' + page.searchId + ' · data ' + page.data + ' · target ' + page.target + ' · '
      + page.strategy + ' · ' + page.folds + '-fold CV · ≤' + page.maxEpochs + ' epochs · pruning: '
      + page.pruning.policy);
    text('status', page.status);
    var c = page.counts;
    text('counts', c.completed + ' completed · ' + c.pruned + ' pruned · ' + c.failed + ' failed · '
      + c.running + ' running · ' + c.requested + ' queued');
    // Epochs redone after a lost attempt are compute spent, not the search running over its plan.
    var redone = page.epochsRedone || 0;
    text('epochs', redone > 0 ? page.epochsTrained + ' (' + redone + ' redone after lost attempts) / '
      + page.epochBudget + ' planned' : page.epochsTrained + ' / ' + page.epochBudget);
    var share = page.epochBudget > 0 ? (page.epochsTrained - redone) / page.epochBudget : 0;
    $('epochs-bar').style.width = Math.min(100, 100 * share).toFixed(1) + '%';
    text('epochs-note', (100 * share).toFixed(0) + '% of the budget (trials × max epochs)');
    var best = completedByMse(page)[0];
    if (best) {
      text('best', best.trialId + ': CV MSE ' + num(best.cvMse) + ' ± ' + num(best.cvStd, 3)
        + ' · MAE ' + num(best.mae) + ' · R² ' + num(best.r2, 3));
      text('best-params', paramText(best.params) + ' · ' + best.epochs + ' epochs');
    } else {
      text('best', 'no completed trial yet');
      text('best-params', '');
    }
    if (page.ensemble) {
      var e = page.ensemble;
      text('ensemble', plural(e.members.length, 'member') + ' · out-of-fold CV MSE ' + num(e.outOfFold.mse)
        + ' · MAE ' + num(e.outOfFold.mae));
      text('ensemble-note', e.members.map(function (m) { return m.trialId + ' ×' + num(m.weight, 2); }).join(', ')
        + ' (greedy selection, ' + plural(e.rounds, 'round') + '; scored on the predictions it was selected on, so optimistic)');
    } else {
      text('ensemble', 'none yet');
      text('ensemble-note', 'selected from the completed trials\' out-of-fold predictions');
    }
    if (page.finalTest) {
      var t = page.finalTest;
      text('final', 'test MSE ' + num(t.mse) + ' · MAE ' + num(t.mae) + ' · R² ' + num(t.r2, 3));
      var seeds = page.finalModels > 1 ? ' averaged over ' + page.finalModels + ' networks (training seeds)' : '';
      text('final-note', (page.finalIsEnsemble
        ? 'the ensemble\'s members retrained on all training rows and weighted' + (seeds ? ', each' + seeds : '')
        : 'the best trial retrained on all training rows' + (seeds ? ',' + seeds : ''))
        + ', scored on ' + t.n + ' test rows');
    } else {
      text('final', page.done ? 'none' : 'after the last trial');
      text('final-note', page.done ? 'the search ended without a final fit' : '');
    }
  }

  // ---- optimization history ----

  function historyOption(page) {
    var ended = page.trials.filter(function (t) {
      return t.ended > 0 && t.cvMse !== null && (t.status === 'completed' || t.status === 'pruned');
    }).sort(function (a, b) { return a.ended - b.ended; });
    var completed = [];
    var pruned = [];
    var bestLine = [];
    var best = Infinity;
    ended.forEach(function (t) {
      var point = { value: [t.ended, t.cvMse], trialId: t.trialId, epochs: t.epochs, status: t.status };
      if (t.status === 'completed') {
        completed.push(point);
        best = Math.min(best, t.cvMse);
      } else {
        pruned.push(point);
      }
      if (isFinite(best)) { bestLine.push([t.ended, best]); }
    });
    return {
      animation: false,
      grid: { left: 60, right: 20, top: 30, bottom: 40 },
      legend: { top: 0 },
      tooltip: {
        trigger: 'item',
        formatter: function (p) {
          if (!p.data || !p.data.trialId) { return esc(p.seriesName) + ': ' + esc(num(p.value[1])); }
          return esc(p.data.trialId) + ' (' + esc(p.data.status) + ')<br>CV MSE ' + esc(num(p.value[1]))
            + '<br>' + esc(p.data.epochs) + ' epochs';
        }
      },
      xAxis: { type: 'value', name: 'trials ended', nameLocation: 'middle', nameGap: 25, minInterval: 1 },
      yAxis: { type: 'log', name: 'CV MSE' },
      series: [
        { id: 'completed', name: 'completed', type: 'scatter', data: completed, symbolSize: 8, itemStyle: { color: '#2f6fb3' } },
        { id: 'pruned', name: 'pruned', type: 'scatter', data: pruned, symbol: 'triangle', symbolSize: 9,
          itemStyle: { color: PRUNED }, labelLayout: { hideOverlap: true },
          label: { show: true, position: 'right', fontSize: 9, color: '#6e7781',
            formatter: function (p) { return 'e' + p.data.epochs; } } },
        { id: 'best', name: 'best so far', type: 'line', step: 'end', data: bestLine, showSymbol: false,
          lineStyle: { color: '#1a7f37', width: 2 } }
      ]
    };
  }

  // ---- learning curves ----

  function curvesOption(page) {
    var top = completedByMse(page).slice(0, 3).map(function (t) { return t.trialId; });
    var series = [];
    var stops = [];
    page.trials.forEach(function (t) {
      if (t.curve.length === 0) { return; }
      var rank = top.indexOf(t.trialId);
      var style;
      var name;
      if (rank >= 0) {
        name = 'top 3'; style = { color: TOP[rank], width: 2.5 };
      } else if (t.status === 'pruned') {
        name = 'pruned'; style = { color: PRUNED, width: 1 };
      } else if (t.status === 'failed') {
        name = 'failed'; style = { color: '#e6a0a0', width: 1 };
      } else if (t.status === 'running') {
        name = 'running'; style = { color: '#2f6fb3', width: 1, type: 'dotted' };
      } else {
        name = 'completed'; style = { color: COMPLETED, width: 1 };
      }
      series.push({ id: 'trial:' + t.trialId, name: name, type: 'line', data: t.curve, showSymbol: false,
        lineStyle: style, itemStyle: { color: style.color }, z: rank >= 0 ? 5 : 2,
        emphasis: { focus: 'series' } });
      if (t.status === 'pruned') { stops.push({ value: t.curve[t.curve.length - 1], trialId: t.trialId }); }
    });
    series.push({ id: 'stops', name: 'pruned', type: 'scatter', symbol: 'triangle', symbolSize: 7,
      itemStyle: { color: '#6e7781' }, data: stops, z: 4 });
    var marks = page.pruning;
    if (marks.policy === 'median' && marks.thresholds && marks.thresholds.length) {
      series.push({ id: 'threshold', name: marks.label, type: 'line', data: marks.thresholds, showSymbol: false,
        lineStyle: { color: '#9a3412', type: 'dashed', width: 1.5 }, itemStyle: { color: '#9a3412' }, z: 6 });
    } else if (marks.policy === 'asha' && marks.rungs) {
      series.push({ id: 'threshold', name: marks.label, type: 'scatter', symbol: 'rect', symbolSize: [14, 3],
        data: marks.thresholds, itemStyle: { color: '#9a3412' }, z: 6,
        markLine: { symbol: 'none', silent: true, label: { formatter: 'rung {c}', fontSize: 9 },
          lineStyle: { color: '#9a3412', type: 'dotted' },
          data: marks.rungs.map(function (r) { return { xAxis: r }; }) } });
    }
    // A diverging trial's first epochs would squeeze every other curve into the bottom decade:
    // the axis ends a decade above the worst completed or running curve; steeper lines are clipped.
    var shown = [];
    var bounded = [];
    page.trials.forEach(function (t) {
      t.curve.forEach(function (p) {
        shown.push(p[1]);
        if (t.status === 'completed' || t.status === 'running') { bounded.push(p[1]); }
      });
    });
    var yAxis = { type: 'log', name: 'mean CV MSE' };
    if (shown.length) {
      yAxis.min = decades(shown).min;
      yAxis.max = decades(bounded.length ? bounded : shown).max;
    }
    var names = ['top 3', 'completed', 'pruned', 'running', 'failed'].filter(function (n) {
      return series.some(function (s) { return s.name === n; });
    });
    if (series.some(function (s) { return s.id === 'threshold'; })) { names.push(marks.label); }
    return {
      animation: false,
      grid: { left: 60, right: 20, top: 64, bottom: 40 },
      legend: { top: 0, data: names, type: 'scroll' },
      tooltip: {
        trigger: 'item',
        formatter: function (p) {
          var value = Array.isArray(p.value) ? p.value : [null, p.value];
          var who = p.seriesId && p.seriesId.indexOf('trial:') === 0 ? p.seriesId.substring(6)
            : (p.data && p.data.trialId) || p.seriesName;
          return esc(who) + '<br>epoch ' + esc(value[0]) + ': CV MSE ' + esc(num(value[1]));
        }
      },
      xAxis: { type: 'value', name: 'epoch', nameLocation: 'middle', nameGap: 25, min: 1, minInterval: 1 },
      yAxis: yAxis,
      series: series
    };
  }

  // ---- parallel coordinates ----

  function axisValue(param, value) {
    return param.scale === 'category' ? String(value) : value;
  }

  /** Whole decades around the values, so that no line leaves a log axis. */
  function decades(values) {
    var lo = Math.min.apply(null, values);
    var hi = Math.max.apply(null, values);
    return { min: Math.pow(10, Math.floor(Math.log10(lo))), max: Math.pow(10, Math.ceil(Math.log10(hi))) };
  }

  function parallelOption(page) {
    var params = page.params;
    var axes = params.map(function (p, i) {
      var axis = { dim: i, name: p.name, nameTextStyle: { fontSize: 11 } };
      if (p.scale === 'category') {
        axis.type = 'category'; axis.data = p.values.map(String);
      } else {
        axis.type = p.scale === 'log' ? 'log' : 'value'; axis.min = p.min; axis.max = p.max;
      }
      return axis;
    });
    var rows = function (status) {
      return page.trials.filter(function (t) { return t.status === status && t.cvMse !== null; })
        .map(function (t) {
          var row = params.map(function (p) { return axisValue(p, t.params[p.name]); });
          row.push(t.cvMse);
          return { value: row, trialId: t.trialId };
        });
    };
    var completed = rows('completed');
    var pruned = rows('pruned');
    var mses = completed.map(function (r) { return r.value[params.length]; });
    var mseAxis = { dim: params.length, name: 'CV MSE', type: 'log', nameTextStyle: { fontSize: 11, fontWeight: 'bold' } };
    var all = mses.concat(pruned.map(function (r) { return r.value[params.length]; }));
    if (all.length) {
      var range = decades(all);
      mseAxis.min = range.min;
      mseAxis.max = range.max;
    }
    axes.push(mseAxis);
    var option = {
      animation: false,
      parallel: { left: 50, right: 130, top: 40, bottom: 30 },
      parallelAxis: axes,
      tooltip: {
        trigger: 'item',
        formatter: function (p) { return esc(p.data.trialId) + '<br>CV MSE ' + esc(num(p.value[params.length])); }
      },
      series: [
        { id: 'completed', name: 'completed', type: 'parallel', data: completed, lineStyle: { width: 1.5, opacity: 0.85 }, z: 3 },
        { id: 'pruned', name: 'pruned', type: 'parallel', data: pruned, lineStyle: { width: 1, opacity: 0.5, color: '#c9ccd1' }, z: 1 }
      ]
    };
    if (mses.length) {
      option.visualMap = { type: 'continuous', dimension: params.length, seriesIndex: 0,
        min: Math.min.apply(null, mses), max: Math.max.apply(null, mses) * (mses.length === 1 ? 1.01 : 1),
        inRange: { color: ['#1a9850', '#fee08b', '#d73027'] }, right: 5, top: 'middle', itemHeight: 160,
        text: ['worse', 'better'], calculable: true, precision: 3 };
    }
    return option;
  }

  // ---- importance ----

  function renderImportance(page) {
    var imp = page.importance;
    text('importance-method', imp.method + ' Over ' + imp.trials + ' ended trials.'
      + (imp.note ? ' ' + imp.note + '.' : ''));
    var values = imp.values.length ? imp.values
      : page.params.map(function (p) { return { param: p.name, importance: null }; });
    var list = $('importance-list');
    list.textContent = '';
    values.forEach(function (v) {
      var li = document.createElement('li');
      li.textContent = v.param + ': ' + (v.importance === null ? '–' : (100 * v.importance).toFixed(1) + '%');
      li.setAttribute('data-param', v.param);
      list.appendChild(li);
    });
    var ordered = values.slice().reverse();
    return {
      animation: false,
      grid: { left: 100, right: 30, top: 10, bottom: 25 },
      tooltip: { trigger: 'item', formatter: function (p) { return esc(p.name) + ': ' + esc(num(p.value, 3)); } },
      xAxis: { type: 'value', max: 1 },
      yAxis: { type: 'category', data: ordered.map(function (v) { return v.param; }) },
      series: [{ id: 'importance', type: 'bar', data: ordered.map(function (v) { return v.importance === null ? 0 : v.importance; }),
        itemStyle: { color: '#2f6fb3' }, barMaxWidth: 18 }]
    };
  }

  // ---- trials table ----

  function renderTable(page) {
    var order = { completed: 0, pruned: 1, running: 2, failed: 3 };
    var trials = page.trials.slice().sort(function (a, b) {
      return (order[a.status] - order[b.status])
        || ((a.cvMse === null ? Infinity : a.cvMse) - (b.cvMse === null ? Infinity : b.cvMse))
        || a.index - b.index;
    });
    var body = $('trials').tBodies[0];
    body.textContent = '';
    var rank = 0;
    trials.forEach(function (t) {
      var row = document.createElement('tr');
      cell(row, t.status === 'completed' ? String(++rank) : '', 'num');
      cell(row, t.trialId, 'id');
      cell(row, t.status, 'status-' + t.status);
      cell(row, num(t.cvMse) + (t.cvStd !== null ? ' ± ' + num(t.cvStd, 3) : ''), 'num');
      cell(row, num(t.mae), 'num');
      cell(row, num(t.r2, 3), 'num');
      cell(row, String(t.epochs), 'num');
      cell(row, paramText(t.params));
      cell(row, t.reason);
      body.appendChild(row);
    });
  }

  function renderSearch(page) {
    $('search').hidden = false;
    renderSummary(page);
    chart('history').setOption(historyOption(page), true);
    chart('curves').setOption(curvesOption(page), true);
    chart('parallel').setOption(parallelOption(page), true);
    chart('importance').setOption(renderImportance(page), true);
    renderTable(page);
    document.body.setAttribute('data-rendered', String(Date.now()));
  }

  function pollSearch(id) {
    fetch('/api/searches/' + encodeURIComponent(id), { headers: { Accept: 'application/json' } })
      .then(function (response) {
        if (response.status === 404) { throw new Error('no search ' + id + ' here (yet)'); }
        if (!response.ok) { throw new Error('the aggregator answered ' + response.status); }
        return response.json();
      })
      .then(function (page) {
        notice('');
        renderSearch(page);
        if (!page.done) { setTimeout(function () { pollSearch(id); }, POLL_MS); }
      })
      .catch(function (error) {
        notice(error.message + '; retrying');
        setTimeout(function () { pollSearch(id); }, POLL_MS);
      });
  }

  // ---- the list of searches ----

  var ENDED = ['done', 'cancelled', 'final-fit-failed', 'no-result'];

  /** A leaderboard entry's CV MSE: the mean of its folds' MSE. */
  function entryMse(entry) {
    if (typeof entry.cvMse === 'number') { return entry.cvMse; }
    var folds = (entry.cv && entry.cv.folds) || [];
    if (!folds.length) { return null; }
    return folds.reduce(function (sum, f) { return sum + f.mse; }, 0) / folds.length;
  }

  function pollIndex() {
    fetch('/api/searches', { headers: { Accept: 'application/json' } })
      .then(function (response) {
        if (!response.ok) { throw new Error('the aggregator answered ' + response.status); }
        return response.json();
      })
      .then(function (searches) {
        notice(searches.length ? '' : 'no searches yet');
        var body = $('searches').tBodies[0];
        body.textContent = '';
        searches.sort(function (a, b) { return b.updatedAt - a.updatedAt; }).forEach(function (s) {
          var row = document.createElement('tr');
          var link = document.createElement('a');
          link.href = '/searches/' + encodeURIComponent(s.searchId);
          link.textContent = s.name + ' (' + s.searchId + ')';
          cell(row, '').appendChild(link);
          cell(row, s.status, 'status-' + (ENDED.indexOf(s.status) >= 0 ? 'completed' : 'running'));
          var c = s.counts;
          cell(row, (c.completed + c.pruned + c.failed) + ' / ' + (c.requested + c.running + c.completed + c.pruned + c.failed), 'num');
          cell(row, s.top.length ? num(entryMse(s.top[0])) : '–', 'num');
          cell(row, s.epochsTrained + (s.epochsRedone > 0 ? ' (' + s.epochsRedone + ' redone)' : '') + ' / '
            + s.epochBudget, 'num');
          cell(row, new Date(s.updatedAt).toLocaleString());
          body.appendChild(row);
        });
        setTimeout(pollIndex, 5 * POLL_MS);
      })
      .catch(function (error) {
        notice(error.message + '; retrying');
        setTimeout(pollIndex, 5 * POLL_MS);
      });
  }

  function start() {
    window.addEventListener('resize', function () {
      Object.keys(charts).forEach(function (id) { charts[id].resize(); });
    });
    var inline = $('report-data');
    if (inline) {
      $('home').removeAttribute('href');
      renderSearch(JSON.parse(inline.textContent));
      return;
    }
    var match = /^\/searches\/(.+)$/.exec(location.pathname);
    if (match) {
      pollSearch(decodeURIComponent(match[1]));
    } else {
      $('index').hidden = false;
      pollIndex();
    }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
}());

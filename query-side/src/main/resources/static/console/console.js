// The lag charts: each group's lag in events and its events per second over the last 15 minutes, from /console/lag.
(function () {
  const charts = {};
  const holder = () => document.getElementById('lag-charts');

  function draw(group, samples) {
    const data = [samples.map(s => s.epochSecond), samples.map(s => s.lagEvents), samples.map(s => s.eventsPerSecond)];
    if (charts[group]) {
      charts[group].setData(data);
      return;
    }
    const box = document.createElement('figure');
    box.id = 'chart-' + group;
    box.setAttribute('aria-label', group + ': lag and events per second');
    const caption = document.createElement('figcaption');
    caption.textContent = group;
    box.appendChild(caption);
    holder().appendChild(box);
    charts[group] = new uPlot({
      width: Math.min(420, box.clientWidth || 320), height: 160,
      scales: {x: {time: true, range: () => [Date.now() / 1000 - 900, Date.now() / 1000]}},
      series: [{}, {label: 'lag (events)', stroke: '#b42318'}, {label: 'events/s', stroke: '#0b5fff', scale: 'rate'}],
      axes: [{}, {}, {side: 1, scale: 'rate', grid: {show: false}}]
    }, data, box);
  }

  async function refresh() {
    try {
      const answer = await fetch('/console/lag', {headers: {'Accept': 'application/json'}});
      if (answer.ok) {
        const groups = await answer.json();
        Object.entries(groups).forEach(([group, samples]) => draw(group, samples));
      }
    } catch (e) { /* the next refresh tries again */ }
  }

  // The live migration's rate, sampled from its status while the page is open (the command side keeps no history).
  const followed = [[], [], []];
  let followChart = null;

  async function refreshMigration() {
    try {
      const answer = await fetch('/console/migration/status', {headers: {'Accept': 'application/json'}});
      const status = answer.ok ? await answer.json() : null;
      if (!status || status.state === 'idle' || status.eventsPerSecond === undefined) {
        return;
      }
      const now = Date.now() / 1000;
      followed[0].push(now);
      followed[1].push(status.eventsPerSecond);
      followed[2].push(status.secondsBehind === null ? null : status.secondsBehind);
      while (followed[0].length && followed[0][0] < now - 900) {
        followed.forEach(series => series.shift());
      }
      const box = document.getElementById('migration-chart');
      box.hidden = false;
      if (followChart) {
        followChart.setData(followed);
      } else {
        followChart = new uPlot({
          width: Math.min(640, box.clientWidth || 320), height: 180,
          scales: {x: {time: true, range: () => [Date.now() / 1000 - 900, Date.now() / 1000]}},
          series: [{}, {label: 'appended events/s', stroke: '#0b5fff'}, {label: 's behind', stroke: '#b42318', scale: 'behind'}],
          axes: [{}, {}, {side: 1, scale: 'behind', grid: {show: false}}]
        }, followed, box);
      }
    } catch (e) { /* the next refresh tries again */ }
  }

  document.addEventListener('DOMContentLoaded', () => {
    if (holder() && window.uPlot) {
      refresh();
      setInterval(refresh, 5000);
      refreshMigration();
      setInterval(refreshMigration, 5000);
    }
  });
})();

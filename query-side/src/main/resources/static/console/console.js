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

  document.addEventListener('DOMContentLoaded', () => {
    if (holder() && window.uPlot) {
      refresh();
      setInterval(refresh, 5000);
    }
  });
})();

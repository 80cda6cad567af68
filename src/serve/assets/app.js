// dossier serve: the only script of the page (the pages work without it). `/` focuses the
// search box; dragging across the chart's bars narrows the search to the dates covered.
"use strict";
document.addEventListener("keydown", (e) => {
  const box = document.getElementById("q");
  if (e.key === "/" && box && document.activeElement !== box) {
    e.preventDefault();
    box.focus();
    box.select();
  }
});
(() => {
  const chart = document.getElementById("chart");
  if (!chart) return;
  const bars = Array.from(chart.querySelectorAll("rect.bar"));
  let start = null;
  let dragged = false;
  const barAt = (x) => {
    const box = chart.getBoundingClientRect();
    const i = Math.floor(((x - box.left) / box.width) * bars.length);
    return Math.max(0, Math.min(bars.length - 1, i));
  };
  const mark = (a, b) => bars.forEach((r, i) => r.classList.toggle("picked", i >= Math.min(a, b) && i <= Math.max(a, b)));
  chart.addEventListener("pointerdown", (e) => { start = barAt(e.clientX); mark(start, start); e.preventDefault(); });
  chart.addEventListener("pointermove", (e) => { if (start !== null) mark(start, barAt(e.clientX)); });
  chart.addEventListener("pointerup", (e) => {
    if (start === null) return;
    const end = barAt(e.clientX);
    const [a, b] = [Math.min(start, end), Math.max(start, end)];
    start = null;
    if (a === b) return; // a click: the bar's own link does it
    dragged = true;
    e.preventDefault();
    const url = new URL(window.location.href);
    url.searchParams.set("from", bars[a].dataset.from);
    url.searchParams.set("to", bars[b].dataset.to);
    url.searchParams.delete("since");
    url.searchParams.delete("offset");
    window.location.assign(url.toString());
  });
  // The click that ends a drag must not follow the last bar's link.
  chart.addEventListener("click", (e) => { if (dragged) e.preventDefault(); }, true);
})();

/**
 * The report page's own script, run by the browser: renders each figure's
 * compiled Vega spec with the inlined runtime, shows a failure in place, and
 * sets body[data-rendered] to the number of figures drawn once all are done
 * (what the browser test waits for). A string: core runs no DOM code, it only
 * carries this text into the page.
 */
export const REPORT_BOOT_SCRIPT = `(function () {
  var figures = document.querySelectorAll("figure[data-figure]");
  var pending = figures.length, failed = 0;
  function done() { if (--pending === 0) document.body.setAttribute("data-rendered", String(figures.length - failed)); }
  if (pending === 0) document.body.setAttribute("data-rendered", "0");
  figures.forEach(function (fig) {
    function fail(e) {
      failed++;
      var p = document.createElement("p");
      p.className = "figure-error";
      p.textContent = "figure failed: " + e;
      fig.appendChild(p);
      console.error(e);
      done();
    }
    try {
      var spec = JSON.parse(fig.querySelector("script.spec").textContent);
      var view = new vega.View(vega.parse(spec), { renderer: "svg", container: fig.querySelector(".chart"), hover: true });
      view.runAsync().then(done, fail);
    } catch (e) { fail(e); }
  });
})();`;

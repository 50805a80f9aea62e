/* govsim report: the time scrubber, and each step's reason, tally and sources on hover or tap.
   Reads the states the page carries (#govsim-data) and the steps' rows in its table;
   fetches nothing. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("govsim-data").textContent);
  var states = data.states, steps = data.steps, axis = data.axis;
  var scrub = document.getElementById("scrub"), when = document.getElementById("when");
  var stateBox = document.getElementById("state"), cursor = document.getElementById("cursor");
  var detail = document.getElementById("detail"), body = document.getElementById("detail-body");
  var MINUTE = 60000, chosen = [];

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = text; }
    if (cls) { node.className = cls; }
    return node;
  }

  function list(items) {
    var ul = el("ul");
    items.forEach(function (item) { ul.appendChild(el("li", item)); });
    return ul;
  }

  var format = (function () {
    try {
      var f = new Intl.DateTimeFormat("en-GB", {timeZone: data.zone, weekday: "short",
        day: "2-digit", month: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23"});
      return function (ms) {
        var p = {};
        f.formatToParts(new Date(ms)).forEach(function (x) { p[x.type] = x.value; });
        return p.weekday + " " + p.day + " " + p.month + " " + p.hour + ":" + p.minute;
      };
    } catch (e) {
      return function (ms) { return new Date(ms).toISOString().slice(0, 16).replace("T", " ") + " UTC"; };
    }
  }());

  function stateAt(ms) {
    var found = states[0];
    for (var i = 1; i < states.length && states[i].at <= ms; i++) { found = states[i]; }
    return found;
  }

  function block(title, content) {
    var div = el("div");
    div.appendChild(el("h3", title));
    div.appendChild(typeof content === "string" ? el("p", content) : content);
    return div;
  }

  function showState(ms) {
    var s = stateAt(ms);
    when.textContent = format(ms) + " (" + data.zone + ")";
    stateBox.replaceChildren(
      block("phase", s.phase + (s.step ? " — after step " + s.step + ", " + s.event : " — before the first step")),
      block("officers", s.officers.length ? list(s.officers.map(function (o) { return o[0] + ": " + o[1]; })) : "none"),
      block("board", list(s.board)),
      block("staff letter", s.letter),
      block("offers", s.offers.length ? list(s.offers) : "none open"),
      block("ultimatum", s.ultimatum || "none open"));
    var share = (ms - axis.t0) / (axis.t1 - axis.t0);
    cursor.hidden = share < 0 || share > 1;
    cursor.style.left = 100 * (axis.x0 + share * (axis.x1 - axis.x0)) + "%";
    cursor.style.top = 100 * axis.top + "%";
    cursor.style.height = 100 * (axis.bottom - axis.top) + "%";
  }

  function timeOf(value) { return axis.t0 + Number(value) * MINUTE; }
  function valueOf(ms) { return Math.max(0, Math.min(Number(scrub.max), Math.ceil((ms - axis.t0) / MINUTE))); }

  function moveTo(ms) { scrub.value = valueOf(ms); showState(timeOf(scrub.value)); }

  function stepCard(step) {
    // The step's own row in the table holds its words (reason, tally, sources): shown again here.
    var row = document.getElementById("step-" + step.n), card = el("div", null, "step");
    var cells = row.querySelectorAll("td");
    card.appendChild(el("h3", "Step " + step.n + " · " + cells[1].textContent));
    var dl = el("dl");
    for (var i = 2; i < cells.length; i++) {
      if (!cells[i].textContent.trim()) { continue; }
      dl.appendChild(el("dt", cells[i].getAttribute("data-label")));
      var dd = el("dd", null, cells[i].className);
      cells[i].childNodes.forEach(function (node) { dd.appendChild(node.cloneNode(true)); });
      dl.appendChild(dd);
    }
    card.appendChild(dl);
    return card;
  }

  function showSteps(numbers, move) {
    var found = steps.filter(function (s) { return numbers.indexOf(s.n) >= 0; });
    if (!found.length) { return; }
    body.replaceChildren.apply(body, found.map(stepCard));
    detail.hidden = false;
    chosen.forEach(function (node) { node.classList.remove("chosen"); });
    chosen = numbers.map(function (n) { return document.getElementById("step-" + n); })
      .filter(Boolean);
    chosen.forEach(function (node) { node.classList.add("chosen"); });
    if (move) { moveTo(found[found.length - 1].at); }
  }

  function closeDetail() {
    detail.hidden = true;
    chosen.forEach(function (node) { node.classList.remove("chosen"); });
  }

  function stepsOf(node) {
    return node.id.replace("label:steps-", "").split("-").map(function (i) { return Number(i) + 1; });
  }

  document.querySelectorAll('.plot [id^="label:steps-"]').forEach(function (label) {
    var numbers = stepsOf(label);
    label.setAttribute("tabindex", "0");
    label.setAttribute("role", "button");
    label.setAttribute("aria-label", "step " + numbers.join(", ") + ": " + label.textContent.trim());
    label.addEventListener("mouseenter", function () { showSteps(numbers, false); });
    label.addEventListener("focus", function () { showSteps(numbers, false); });
    label.addEventListener("click", function () { showSteps(numbers, true); });
    label.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); showSteps(numbers, true); }
    });
  });

  document.querySelectorAll("tr[data-step]").forEach(function (row) {
    var n = Number(row.getAttribute("data-step"));
    row.addEventListener("click", function (e) {
      if (e.target.closest("a")) { return; }
      showSteps([n], true);
    });
    row.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); showSteps([n], true); }
    });
  });

  function jump(direction) {
    var now = timeOf(scrub.value), target = null;
    steps.forEach(function (s) {
      if (direction > 0 ? s.at > now && (target === null || s.at < target.at)
                        : s.at < now && (target === null || s.at >= target.at)) { target = s; }
    });
    if (target) { showSteps(steps.filter(function (s) { return s.at === target.at; })
      .map(function (s) { return s.n; }), true); }
  }

  document.getElementById("prev").addEventListener("click", function () { jump(-1); });
  document.getElementById("next").addEventListener("click", function () { jump(1); });
  document.getElementById("close").addEventListener("click", closeDetail);
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") { closeDetail(); } });
  scrub.addEventListener("input", function () { showState(timeOf(scrub.value)); });

  scrub.max = Math.floor((axis.t1 - axis.t0) / MINUTE);
  scrub.parentNode.hidden = false;
  moveTo(states[states.length - 1].at);
}());

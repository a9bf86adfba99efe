// The workshop board (SPEC §13): the journey as a grid of stages and lanes that everyone
// in the room edits.  Every change is an operation sent to POST /api/edit with the
// version it was made on; GET /api/events says when the journey moved on (another board,
// or the file on disk), and the board then shows the new version.  User text only ever
// goes into the page as text (textContent, values), never as markup.
"use strict";

(function () {
  const body = document.body;
  const words = JSON.parse(body.dataset.words);
  const token = document.querySelector("meta[name=journeymap-token]").content;
  const mode = body.dataset.mode;
  const root = document.getElementById("board");
  const statusLine = document.getElementById("status");
  const notice = document.getElementById("notice");
  const OWNERS = ["CX", "CS"];
  let version = 0;
  let journey = null;
  let findings = [];
  let labels = { metrics: {}, channels: {} };
  let gaps = {};  // stage id → what its empty CS cell says (level, text), as the map's
  let curves = [];  // the map's emotion curves: a persona's name, pen and path (touchpoint ids)
  let pending = false;  // a newer version waits until the field being edited is left
  let stage = 0;  // the stage shown in present mode
  // Cards by what they show: a new version re-uses every card that did not change, so a
  // board of 500 touchpoints follows an edit without building 500 cards again.
  let cards = new Map();
  let used = new Map();

  function say(key, values) {
    let message = words[key] || key;
    for (const name in values || {}) message = message.replace("%(" + name + ")s", values[name]);
    return message;
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function tell(message, lines) {
    notice.replaceChildren(element("p", "", message));
    if (lines && lines.length) {
      const list = element("ul");
      for (const line of lines) list.append(element("li", "", line));
      notice.append(list);
    }
    notice.hidden = false;
  }

  // ------------------------------------------------------------------ the server

  async function load() {
    const response = await fetch("api/journey", { cache: "no-store" });
    const data = await response.json();
    version = data.version;
    journey = data.journey;
    findings = data.findings;
    labels = data.labels || labels;
    gaps = data.gaps || {};
    curves = data.curves || [];
    if (data.errors && data.errors.length) tell(say("broken"), data.errors);
    render();
  }

  // A board's own edits go one after the other, each on the version the one before made:
  // a quick second change is never refused as if someone else had made the first.
  let queue = Promise.resolve();

  function send(ops) {
    queue = queue.then(function () { return post(ops); }, function () { return post(ops); });
    return queue;
  }

  async function post(ops) {
    const response = await fetch("api/edit", {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Journeymap-Token": token },
      body: JSON.stringify({ version: version, ops: ops }),
    });
    const data = await response.json();
    if (response.status === 200) {
      notice.hidden = true;
      statusLine.textContent = say("saved");
      version = data.version;
    } else if (response.status === 409) {
      tell(say("stale"));
    } else {
      tell(say("refused"), data.errors || []);
    }
    await load();
  }

  function listen() {
    const events = new EventSource("api/events");
    events.addEventListener("version", function (event) {
      statusLine.textContent = "";
      if (Number(event.data) === version && journey) return;
      if (editing()) pending = true;
      else load();
    });
    events.onerror = function () {
      statusLine.textContent = say("offline");
    };
  }

  // A text being changed holds back a newer version until it is left; a new item being
  // typed does not: it is carried over into the new version's board.
  function editing() {
    const active = document.activeElement;
    const field = active && (active.isContentEditable || active.tagName === "INPUT");
    return field && root.contains(active) && !active.classList.contains("adder");
  }

  document.addEventListener("focusout", function () {
    setTimeout(function () {
      if (pending && !editing()) {
        pending = false;
        load();
      }
    }, 0);
  });

  // ------------------------------------------------------------------ editing

  function editable(tag, className, text, path) {
    const node = element(tag, className + " editable", text);
    node.contentEditable = "true";
    node.spellcheck = true;
    node.dataset.path = path;
    node.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        node.blur();
      } else if (event.key === "Escape") {
        node.textContent = text;
        node.blur();
      }
    });
    node.addEventListener("blur", function () {
      const now = node.textContent.trim();
      if (now !== String(text || "")) send([{ op: "set", path: path, value: now || null }]);
    });
    return node;
  }

  function adder(placeholder, path, make, where) {
    const input = element("input", "adder");
    input.dataset.slot = path + (where ? "@" + where : "");
    input.placeholder = placeholder;
    input.setAttribute("aria-label", placeholder);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && input.value.trim()) {
        send([{ op: "add", path: path, value: make(input.value.trim()) }]);
        input.value = "";
      }
    });
    return input;
  }

  function remover(path, label) {
    const button = element("button", "remove", "×");
    button.type = "button";
    button.title = say("remove") + (label ? " – " + label : "");
    button.setAttribute("aria-label", button.title);
    button.addEventListener("click", function () {
      send([{ op: "remove", path: path }]);
    });
    return button;
  }

  function slug(name) {
    const base = name.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .replace(/ı/g, "i").replace(/ß/g, "ss").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "touchpoint";
    const taken = new Set();
    for (const key of ["personas", "stages", "touchpoints", "metrics", "channels", "teams", "systems"]) {
      for (const item of journey[key] || []) taken.add(item.id);
    }
    let id = base;
    for (let n = 2; taken.has(id); n++) id = base + "-" + n;
    return id;
  }

  // ------------------------------------------------------------------ the board

  function render() {
    if (mode === "present") return present();
    const active = document.activeElement;
    const typing = active && active.classList && active.classList.contains("adder")
      ? { slot: active.dataset.slot, value: active.value } : null;
    used = new Map();
    const grid = element("table", "board-grid");
    const head = element("tr");
    head.append(element("th", "corner"));
    for (const s of journey.stages || []) {
      const cell = element("th", "stage");
      cell.scope = "col";
      cell.append(editable("span", "stage-name", s.name || s.id, "stages/" + s.id + "/name"));
      const goal = element("div", "goal");
      goal.append(element("span", "goal-label", say("goal") + ": "));
      goal.append(editable("span", "goal-text", s.customer_goal || "", "stages/" + s.id + "/customer_goal"));
      cell.append(goal);
      head.append(cell);
    }
    const thead = element("thead");
    thead.append(head);
    grid.append(thead);
    const rows = element("tbody");
    rows.append(emotionRow());
    // A stage that needs customer service says it lacks it; without any in the journey,
    // every stage says there is none (a lane is never left blank), as the map does.
    const anyService = (journey.touchpoints || []).some(function (t) { return t.owner === "CS"; });
    for (const owner of OWNERS) {
      const row = element("tr", "lane lane-" + owner.toLowerCase());
      const label = element("th", "lane-label", say("owner" + owner));
      label.scope = "row";
      row.append(label);
      for (const s of journey.stages || []) row.append(laneCell(s, owner, anyService));
      rows.append(row);
    }
    grid.append(rows);
    const side = element("aside", "findings");
    side.append(element("h2", "", say("findings")));
    if (!findings.length) side.append(element("p", "ok", say("noFindings")));
    const list = element("ul");
    for (const f of findings) {
      const item = element("li", "severity-" + f.severity);
      item.append(element("code", "", f.code), " ", element("span", "", f.message));
      list.append(item);
    }
    side.append(list);
    const hint = element("p", "hint", say("drag"));
    root.replaceChildren(hint, grid, side);
    cards = used;  // the cards of this version; the others are gone
    if (typing) {
      for (const input of root.querySelectorAll("input.adder")) {
        if (input.dataset.slot === typing.slot) {
          input.value = typing.value;
          input.focus();
        }
      }
    }
  }

  // The emotion curve of each stage: drag a point up or down to say how the customer
  // feels there (−2 … +2); the slider on the card says the same for the keyboard.
  const LEVEL = 22;  // pixels between two levels of emotion
  const MIDDLE = 56;  // where 0 is

  function emotionRow() {
    const row = element("tr", "lane lane-emotion");
    const label = element("th", "lane-label", say("emotion"));
    label.scope = "row";
    row.append(label);
    for (const s of journey.stages || []) {
      const cell = element("td", "curve-cell");
      const members = (journey.touchpoints || []).filter(function (tp) {
        return tp.stage === s.id && tp.emotion !== undefined && tp.emotion !== null;
      });
      cell.append(stageCurve(members));
      row.append(cell);
    }
    return row;
  }

  function stageCurve(members) {
    const svgNS = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(svgNS, "svg");
    svg.setAttribute("class", "stage-curve");
    svg.setAttribute("viewBox", "0 0 200 112");
    for (let level = -2; level <= 2; level++) {
      const line = document.createElementNS(svgNS, "line");
      line.setAttribute("x1", "0");
      line.setAttribute("x2", "200");
      line.setAttribute("y1", String(MIDDLE - level * LEVEL));
      line.setAttribute("y2", String(MIDDLE - level * LEVEL));
      line.setAttribute("class", level === 0 ? "level level-0" : "level");
      svg.append(line);
    }
    const path = document.createElementNS(svgNS, "polyline");
    path.setAttribute("class", "stage-curve-line");
    svg.append(path);
    const xs = members.map(function (_tp, i) { return members.length > 1 ? 16 + (168 * i) / (members.length - 1) : 100; });
    const levels = members.map(function (tp) { return Number(tp.emotion); });
    function draw() {
      path.setAttribute("points", xs.map(function (x, i) { return x + "," + (MIDDLE - levels[i] * LEVEL); }).join(" "));
    }
    members.forEach(function (tp, i) {
      const dot = document.createElementNS(svgNS, "circle");
      dot.setAttribute("class", "emotion-point");
      dot.setAttribute("cx", String(xs[i]));
      dot.setAttribute("cy", String(MIDDLE - levels[i] * LEVEL));
      dot.setAttribute("r", "7");
      dot.dataset.point = tp.id;
      const title = document.createElementNS(svgNS, "title");
      title.textContent = (tp.name || tp.id) + ": " + levels[i];
      dot.append(title);
      dot.addEventListener("pointerdown", function (event) {
        event.preventDefault();
        dot.setPointerCapture(event.pointerId);
        const box = svg.getBoundingClientRect();
        function level(clientY) {
          const y = ((clientY - box.top) / box.height) * 112;
          return Math.max(-2, Math.min(2, Math.round((MIDDLE - y) / LEVEL)));
        }
        function move(e) {
          levels[i] = level(e.clientY);
          dot.setAttribute("cy", String(MIDDLE - levels[i] * LEVEL));
          draw();
        }
        function up(e) {
          dot.removeEventListener("pointermove", move);
          dot.removeEventListener("pointerup", up);
          levels[i] = level(e.clientY);
          if (levels[i] !== Number(tp.emotion)) {
            send([{ op: "set", path: "touchpoints/" + tp.id + "/emotion", value: levels[i] }]);
          }
        }
        dot.addEventListener("pointermove", move);
        dot.addEventListener("pointerup", up);
      });
      svg.append(dot);
    });
    draw();
    return svg;
  }

  function laneCell(s, owner, anyService) {
    const cell = element("td", "cell");
    cell.dataset.stage = s.id;
    cell.dataset.owner = owner;
    let empty = true;
    for (const tp of journey.touchpoints || []) {
      if (tp.stage === s.id && tp.owner === owner) {
        cell.append(cachedCard(tp));
        empty = false;
      }
    }
    const gap = owner === "CS" && empty ? gaps[s.id] : null;
    if (gap && (gap.level === "gap" || !anyService)) {
      cell.append(element("p", "cs-gap cs-gap-" + gap.level, gap.text));
    }
    cell.append(adder(say("addTouchpoint"), "touchpoints", function (name) {
      return { id: slug(name), name: name, stage: s.id, owner: owner };
    }, s.id + "/" + owner));
    cell.addEventListener("dragover", function (event) {
      event.preventDefault();
      cell.classList.add("drop");
    });
    cell.addEventListener("dragleave", function () {
      cell.classList.remove("drop");
    });
    cell.addEventListener("drop", function (event) {
      event.preventDefault();
      cell.classList.remove("drop");
      const id = event.dataTransfer.getData("text/plain");
      const target = event.target.closest ? event.target.closest(".card") : null;
      const before = target && target.dataset.id !== id ? target.dataset.id : null;
      send([{ op: "move", path: "touchpoints/" + id, stage: s.id, owner: owner, before: before }]);
    });
    return cell;
  }

  function cachedCard(tp) {
    const key = JSON.stringify([tp, labels.channels[tp.channel], Object.keys(tp.metrics || {}).map(function (m) { return labels.metrics[m]; })]);
    const node = cards.get(key) || card(tp);
    used.set(key, node);
    return node;
  }

  function card(tp) {
    const base = "touchpoints/" + tp.id;
    const node = element("article", "card owner-" + tp.owner.toLowerCase());
    node.draggable = true;
    node.dataset.id = tp.id;
    node.addEventListener("dragstart", function (event) {
      event.dataTransfer.setData("text/plain", tp.id);
    });
    const top = element("div", "card-head");
    top.append(editable("span", "card-name", tp.name || tp.id, base + "/name"), remover(base, tp.name || tp.id));
    node.append(top);
    if (tp.channel) node.append(element("div", "channel", labels.channels[tp.channel] || tp.channel));
    const feeling = element("label", "emotion");
    feeling.append(element("span", "", say("emotion") + " "));
    const range = element("input");
    range.type = "range";
    range.min = "-2";
    range.max = "2";
    range.step = "1";
    range.value = tp.emotion === undefined ? "0" : String(tp.emotion);
    range.dataset.path = base + "/emotion";
    range.addEventListener("change", function () {
      send([{ op: "set", path: base + "/emotion", value: Number(range.value) }]);
    });
    feeling.append(range, element("output", "", tp.emotion === undefined ? "–" : tp.emotion));
    node.append(feeling);
    for (const metric in tp.metrics || {}) node.append(metricLine(base, metric, tp.metrics[metric]));
    node.append(items(base, "pain_points", tp.pain_points || [], "pains", "newPain"));
    node.append(items(base, "opportunities", tp.opportunities || [], "ideas", "newIdea"));
    node.append(items(base, "notes", tp.notes || [], "notes", "newNote"));
    return node;
  }

  // Numbers as the journey's language writes them (3,5 in Dutch and Turkish), no grouping,
  // so that what is shown can be typed back; every digit a file may hold is shown (a target
  // of 0,125 is not rounded to 0,13), only a double's last-bit noise is not.
  const numbers = new Intl.NumberFormat(document.documentElement.lang, { maximumFractionDigits: 6, useGrouping: false });

  function shown(value) {
    return typeof value === "number" ? numbers.format(value) : String(value);
  }

  function metricLine(base, metric, entry) {
    const value = entry !== null && typeof entry === "object" ? entry.value : entry;
    const target = entry !== null && typeof entry === "object" ? entry.target : undefined;
    const line = element("label", "metric");
    const name = labels.metrics[metric] || metric;
    line.append(element("span", "metric-name", name + " " + (value === undefined ? "–" : shown(value))));
    line.append(element("span", "", " · " + say("target") + " "));
    const input = element("input", "metric-target");
    input.value = target === undefined ? "" : shown(target);
    input.size = 5;
    input.setAttribute("aria-label", name + " " + say("target"));
    input.addEventListener("change", function () {
      const raw = input.value.trim().replace(",", ".");
      const number = raw === "" ? null : (isNaN(Number(raw)) ? raw : Number(raw));
      send([{ op: "set", path: base + "/metrics/" + metric + "/target", value: number }]);
    });
    line.append(input);
    return line;
  }

  function items(base, key, list, title, placeholder) {
    const box = element("div", "items items-" + key + (list.length ? "" : " empty"));
    box.append(element("h3", "", say(title)));
    const ul = element("ul");
    list.forEach(function (item, index) {
      const text = typeof item === "object" ? item.text : item;
      const path = base + "/" + key + "/" + index + (typeof item === "object" ? "/text" : "");
      const li = element("li");
      li.append(editable("span", "item-text", text, path), remover(base + "/" + key + "/" + index, text));
      if (key === "opportunities") li.append(action(base + "/" + key + "/" + index, item));
      ul.append(li);
    });
    box.append(ul, adder(say(placeholder), base + "/" + key, function (text) { return text; }));
    return box;
  }

  // An idea as an action: who does it, how urgent, how much work.  A plain idea becomes
  // an action ({text, owner, …}) when one of these is first set.
  function action(path, item) {
    const fields = typeof item === "object" ? item : { text: item };
    const set = fields.owner || fields.priority || fields.effort;
    const box = element("div", "action" + (set ? "" : " unset"));
    function change(field, value) {
      // The server turns a plain idea into an action when a field of it is set.
      send([{ op: "set", path: path + "/" + field, value: value || null }]);
    }
    const owner = element("input", "action-owner");
    owner.value = fields.owner || "";
    owner.placeholder = say("owner");
    owner.setAttribute("aria-label", say("owner"));
    owner.addEventListener("change", function () { change("owner", owner.value.trim()); });
    box.append(owner);
    for (const [field, choices] of [["priority", ["high", "medium", "low"]], ["effort", ["S", "M", "L"]]]) {
      const select = element("select", "action-" + field);
      select.setAttribute("aria-label", say(field));
      select.append(new Option(say(field) + ": –", ""));
      for (const choice of choices) {
        const option = new Option(say(field) + ": " + (words[choice] || choice), choice);
        option.selected = fields[field] === choice;
        select.append(option);
      }
      select.addEventListener("change", function () { change(field, select.value); });
      box.append(select);
    }
    return box;
  }

  // ------------------------------------------------------------------ presenting

  function present() {
    const stages = journey.stages || [];
    stage = Math.max(0, Math.min(stage, stages.length - 1));
    const s = stages[stage];
    const slide = element("section", "slide");
    if (!s) return root.replaceChildren(slide);
    slide.append(element("p", "slide-number", say("stageOf", { number: stage + 1, total: stages.length })));
    slide.append(element("h2", "slide-title", s.name || s.id));
    if (s.customer_goal) slide.append(element("p", "slide-goal", s.customer_goal));
    const members = (journey.touchpoints || []).filter(function (tp) { return tp.stage === s.id; });
    slide.append(curve(members));
    for (const owner of OWNERS) {
      const gap = owner === "CS" ? gaps[s.id] : null;
      // No empty lane, but a stage without customer service says so.
      if (!gap && !members.some(function (t) { return t.owner === owner; })) continue;
      const lane = element("div", "slide-lane lane-" + owner.toLowerCase());
      lane.append(element("h3", "", say("owner" + owner)));
      if (gap) lane.append(element("p", "cs-gap cs-gap-" + gap.level, gap.text));
      const row = element("div", "slide-cards");
      for (const tp of members.filter(function (t) { return t.owner === owner; })) {
        const box = element("div", "slide-card owner-" + owner.toLowerCase());
        box.dataset.point = tp.id;
        box.append(element("strong", "", tp.name || tp.id));
        for (const pain of tp.pain_points || []) box.append(element("p", "slide-pain", pain));
        row.append(box);
      }
      lane.append(row);
      slide.append(lane);
    }
    slide.append(element("p", "slide-keys", say("keys")));
    root.replaceChildren(slide);
    numberWhereNamesDoNotFit(slide);
  }

  // A name under a point never breaks inside a word.  Where a word is wider than its
  // point's column (many points, long words), every point and its card get a number
  // instead, the same on both.
  function numberWhereNamesDoNotFit(slide) {
    const names = Array.from(slide.querySelectorAll(".slide-point"));
    if (!names.some(function (name) { return name.scrollWidth > name.clientWidth + 1; })) return;
    names.forEach(function (name, index) {
      const number = String(index + 1);
      name.textContent = number;
      const card = slide.querySelector('.slide-card[data-point="' + CSS.escape(name.dataset.point) + '"]');
      if (card) card.prepend(element("span", "slide-card-number", number));
    });
  }

  // The stage's emotion curves, as the map draws them (one per persona, along its path),
  // each point named under it: the room sees which card felt how, and for whom.  The
  // points stand at the middles of equal columns, and so do their names; the drawing
  // stretches to the screen's width while its lines and points keep their size.
  function curve(members) {
    const svgNS = "http://www.w3.org/2000/svg";
    const felt = members.filter(function (tp) { return tp.emotion !== undefined && tp.emotion !== null; });
    const figure = element("figure", "slide-emotion");
    if (!felt.length) return figure;
    const svg = document.createElementNS(svgNS, "svg");
    svg.setAttribute("class", "slide-curve");
    svg.setAttribute("viewBox", "0 0 1000 160");
    svg.setAttribute("preserveAspectRatio", "none");
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", say("emotion"));
    const neutral = document.createElementNS(svgNS, "line");
    neutral.setAttribute("x1", "0");
    neutral.setAttribute("x2", "1000");
    neutral.setAttribute("y1", "80");
    neutral.setAttribute("y2", "80");
    neutral.setAttribute("class", "curve-neutral");
    svg.append(neutral);
    const column = new Map(felt.map(function (tp, i) { return [tp.id, i]; }));
    const points = felt.map(function (tp, i) {
      return [(1000 * (i + 0.5)) / felt.length, 80 - Number(tp.emotion) * 32];
    });
    const passing = curves
      .map(function (c) { return Object.assign({}, c, { here: c.path.filter(function (id) { return column.has(id); }) }); })
      .filter(function (c) { return c.here.length; });
    for (const c of passing) {
      const line = document.createElementNS(svgNS, "polyline");
      line.setAttribute("points", c.here.map(function (id) { return points[column.get(id)].join(","); }).join(" "));
      line.setAttribute("class", "curve-line curve-" + c.style);
      line.style.stroke = c.color;
      line.dataset.curve = c.name;
      svg.append(line);
    }
    const names = element("div", "slide-points");
    names.style.gridTemplateColumns = "repeat(" + felt.length + ", minmax(0, 1fr))";
    felt.forEach(function (tp, i) {
      // A round point however the drawing is stretched: a line of no length, round-capped,
      // in the colour of the first curve through it (grey off every persona's path).
      const dot = document.createElementNS(svgNS, "polyline");
      dot.setAttribute("points", points[i].join(",") + " " + points[i].join(","));
      const through = passing.find(function (c) { return c.here.includes(tp.id); });
      dot.setAttribute("class", through ? "curve-point" : "curve-point off-path");
      if (through) dot.style.stroke = through.color;
      dot.dataset.point = tp.id;
      svg.append(dot);
      const name = element("span", "slide-point", tp.name || tp.id);
      name.dataset.point = tp.id;
      names.append(name);
    });
    figure.append(svg, names);
    // Whose curve is whose, as the map's legend says (a journey without personas has one
    // curve, for all its customers, that needs no key).
    if ((journey.personas || []).length) {
      const key = element("p", "slide-curve-key");
      for (const c of passing) {
        const entry = element("span", "curve-key");
        const sample = element("span", "curve-sample");
        sample.style.borderTopColor = c.color;
        sample.style.borderTopStyle = c.style;
        entry.append(sample, document.createTextNode(c.name));
        key.append(entry);
      }
      figure.append(key);
    }
    return figure;
  }

  document.addEventListener("keydown", function (event) {
    if (mode !== "present" || !journey) return;
    if (event.key === "Escape") return location.assign("./");
    if (event.key === "ArrowRight" || event.key === "PageDown" || event.key === " ") stage += 1;
    else if (event.key === "ArrowLeft" || event.key === "PageUp") stage -= 1;
    else return;
    event.preventDefault();
    present();
  });

  load().then(listen);
})();

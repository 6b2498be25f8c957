// Zapgate console: a static page that talks only to the public API (HTTP routes and the WebSocket stream).
// No build step. Settings (token, endpoints) live in localStorage of the browser that pastes them.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const store = window.localStorage;
  const cfg = { token: store.getItem("zapgate.token") || "", api: store.getItem("zapgate.api") || "",
                stream: store.getItem("zapgate.stream") || "" };
  const states = {};           // instance name -> last known state
  let panel = null;            // {kind, name, timer}
  let socket = null;

  function apiBase() { return (cfg.api || window.location.origin).replace(/\/+$/, ""); }
  function streamBase() {
    if (cfg.stream) return cfg.stream.replace(/\/+$/, "");
    const port = Number(window.location.port || (window.location.protocol === "https:" ? 443 : 80));
    return (window.location.protocol === "https:" ? "wss://" : "ws://") + window.location.hostname + ":" + (port + 1);
  }

  function showError(message) {
    const e = $("error");
    e.textContent = message || "";
    e.hidden = !message;
  }

  // One API call; resolves with the JSON body, rejects with the API's own error message.
  async function api(method, path, body, evolution) {
    const headers = evolution ? { apikey: cfg.token } : { token: cfg.token };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let response;
    try {
      response = await fetch(apiBase() + path, { method, headers,
        body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (e) {
      throw new Error("The API cannot be reached at " + apiBase());
    }
    const text = await response.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch (e) { /* not JSON */ }
    if (!response.ok) {
      let message = json && json.error && json.error.message;               // Zapgate's envelope
      if (!message && json && json.response) {                              // Evolution's
        const m = json.response.message;
        message = Array.isArray(m) ? m.join("; ") : m;
      }
      throw new Error(message || (response.status + " " + text.slice(0, 200)));
    }
    return json;
  }

  function act(fn) {
    return async (...args) => {
      showError("");
      try { await fn(...args); } catch (e) { showError(e.message); }
    };
  }

  function button(label, handler, danger) {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    b.dataset.action = label.toLowerCase();
    if (danger) b.className = "danger";
    b.addEventListener("click", act(handler));
    return b;
  }

  function cell(row, label, content) {
    const td = document.createElement("td");
    td.dataset.label = label;
    if (content instanceof Node) td.appendChild(content); else td.textContent = content == null ? "" : content;
    row.appendChild(td);
    return td;
  }

  function setState(name, state) {
    states[name] = state;
    const el = document.querySelector('[data-state-of="' + CSS.escape(name) + '"]');
    if (el) { el.textContent = state; el.className = "state state-" + state; }
    if (panel && panel.name === name && panel.kind === "qr" && state === "connected") {
      stopPanelTimer();
      $("panel-body").innerHTML = '<p class="state state-connected" data-qr-done="1">connected</p>';
    }
  }

  // Renders the list in place: rows are kept (a click on a row's button is never lost to a redraw), their cells
  // updated, new instances added and deleted ones removed.
  async function refresh() {
    if (!cfg.token) return;
    const body = await api("GET", "/api/instance/list");
    const tbody = document.querySelector("#instances tbody");
    const seen = new Set();
    for (const i of body.instances || []) {
      seen.add(i.name);
      let tr = tbody.querySelector('tr[data-instance="' + CSS.escape(i.name) + '"]');
      if (!tr) {
        tr = document.createElement("tr");
        tr.dataset.instance = i.name;
        cell(tr, "Instance", i.name);
        const st = document.createElement("span");
        st.dataset.stateOf = i.name;
        cell(tr, "State", st);
        cell(tr, "Number", "").dataset.field = "number";
        cell(tr, "Last disconnect", "").dataset.field = "last";
        const actions = cell(tr, "Actions", "");
        actions.className = "actions";
        actions.append(
          button("Connect", () => openQr(i.name)),
          button("Pair", () => openPair(i.name)),
          button("Reconnect", () => simple("POST", "/api/instance/reconnect/", i.name)),
          button("Logout", () => simple("DELETE", "/api/instance/logout/", i.name), true),
          button("Settings", () => openSettings(i.name)),
          button("Proxy", () => openProxy(i.name)),
          button("Webhook", () => openWebhook(i.name)),
          button("Delete", () => remove(i.name), true));
        tbody.appendChild(tr);
      }
      tr.querySelector('[data-field="number"]').textContent = (i.connection && i.connection.numberJid) || "";
      const ld = i.connection && i.connection.lastDisconnect;
      tr.querySelector('[data-field="last"]').textContent = ld ? ld.reason + " at " + ld.at : "";
      setState(i.name, i.connection ? i.connection.state : "disconnected");
    }
    for (const tr of Array.from(tbody.querySelectorAll("tr"))) {
      if (!seen.has(tr.dataset.instance)) tr.remove();
    }
  }

  async function simple(method, prefix, name) {
    const r = await api(method, prefix + encodeURIComponent(name));
    showNote(r.message + (r.warning ? " — " + r.warning : ""));
    await refresh();
  }

  async function remove(name) {
    if (!window.confirm("Delete " + name + "? Its token stops working.")) return;
    if (panel && panel.name === name) closePanel();
    await simple("DELETE", "/api/instance/delete/", name);
  }

  function showNote(text) { openPanel("note", "", "Done").textContent = text; }

  function stopPanelTimer() { if (panel && panel.timer) { clearInterval(panel.timer); panel.timer = null; } }

  function openPanel(kind, name, title) {
    stopPanelTimer();
    panel = { kind, name, timer: null };
    $("panel").hidden = false;
    $("panel-title").textContent = title;
    const body = $("panel-body");
    body.textContent = "";
    return body;
  }

  function closePanel() { stopPanelTimer(); panel = null; $("panel").hidden = true; }

  // Connect by QR: shows the code on offer with a countdown to expiresAt, and asks again when it expires or
  // when the stream says it rotated (connect answers with the QR currently on offer: no new link is started).
  async function openQr(name) {
    const body = openPanel("qr", name, "Scan with WhatsApp: " + name);
    body.innerHTML = "<p>Asking for a QR code…</p>";
    await loadQr(name);
  }

  async function loadQr(name) {
    if (panel) panel.loading = true;
    let r;
    try { r = await api("GET", "/api/instance/connect/" + encodeURIComponent(name)); }
    finally { if (panel) panel.loading = false; }
    if (!panel || panel.name !== name || panel.kind !== "qr") return;
    const body = $("panel-body");
    stopPanelTimer();
    if (r.status === "connected") { setState(name, "connected"); body.innerHTML = '<p class="state state-connected">connected</p>'; return; }
    body.textContent = "";
    const img = document.createElement("img");
    img.alt = "QR code";
    img.src = r.qrCodeBase64;
    img.dataset.qr = r.qrCode;
    const countdown = document.createElement("p");
    countdown.id = "qr-countdown";
    body.append(img, countdown);
    const expiresAt = r.expiresAt || (Date.now() + 20000);
    panel.qr = r.qrCode;
    panel.timer = setInterval(() => {
      const left = Math.max(0, Math.round((expiresAt - Date.now()) / 1000));
      countdown.textContent = "Expires in " + left + " s";
      if (left === 0) { stopPanelTimer(); act(() => loadQr(name))(); }
    }, 500);
  }

  async function openPair(name) {
    const body = openPanel("pair", name, "Pairing code: " + name);
    const form = document.createElement("form");
    form.innerHTML = '<label>Phone number (E.164) <input name="number" required placeholder="+5511999999999"></label>' +
      '<button type="submit">Get code</button><p class="code" id="pairing-code"></p>';
    form.addEventListener("submit", act(async (ev) => {
      ev.preventDefault();
      const number = form.number.value.trim();
      const r = await api("GET", "/api/instance/connect/" + encodeURIComponent(name) + "?number=" + encodeURIComponent(number));
      $("pairing-code").textContent = r.pairingCode || r.message;
    }));
    body.appendChild(form);
  }

  // A form of a block's fields, filled from a GET, sent as a partial POST of what changed.
  function blockForm(body, fields, values, onSubmit) {
    const form = document.createElement("form");
    for (const [key, type] of fields) {
      const label = document.createElement("label");
      const input = document.createElement(type === "select" ? "select" : "input");
      input.name = key;
      if (type === "bool") { input.type = "checkbox"; input.checked = !!values[key]; }
      else if (type === "select") {
        for (const o of ["", "http", "https", "socks5"]) input.add(new Option(o || "—", o));
        input.value = values[key] || "";
      } else { input.type = type === "password" ? "password" : "text"; input.value = values[key] == null ? "" : values[key]; }
      label.append(key + " ", input);
      form.appendChild(label);
    }
    const save = document.createElement("button");
    save.type = "submit";
    save.textContent = "Save";
    form.appendChild(save);
    form.addEventListener("submit", act(async (ev) => {
      ev.preventDefault();
      const changed = {};
      for (const [key, type] of fields) {
        const input = form.elements[key];
        const value = type === "bool" ? input.checked : (input.value === "" ? null : input.value);
        const before = type === "bool" ? !!values[key] : (values[key] == null ? null : String(values[key]));
        if (value !== before && !(type === "password" && value === null)) changed[key] = value;
      }
      if (Object.keys(changed).length === 0) { showError("Nothing changed"); return; }
      const r = await onSubmit(changed);
      showNote((r && r.message) || "Saved");
    }));
    body.appendChild(form);
  }

  async function openSettings(name) {
    const r = await api("GET", "/api/instance/getSettings/" + encodeURIComponent(name));
    const body = openPanel("settings", name, "Settings: " + name);
    blockForm(body, [["autoRejectCalls", "bool"], ["callRejectMessage", "text"], ["ignoreGroupMessages", "bool"],
      ["keepOnlineStatus", "bool"], ["autoReadMessages", "bool"], ["disableHistorySync", "bool"], ["ignoreStatus", "bool"]],
      r.settings, (changed) => api("POST", "/api/instance/settings/" + encodeURIComponent(name), changed));
  }

  async function openProxy(name) {
    const r = await api("GET", "/api/instance/getProxy/" + encodeURIComponent(name));
    const body = openPanel("proxy", name, "Proxy: " + name);
    blockForm(body, [["enabled", "bool"], ["host", "text"], ["port", "text"], ["protocol", "select"],
      ["username", "text"], ["password", "password"]],
      r.proxy, (changed) => api("POST", "/api/instance/proxy/" + encodeURIComponent(name), changed));
  }

  // The webhook block is edited through the Evolution-compatible routes (the Instance API sets it at create only);
  // a webhook saved here is delivered in Evolution's envelope (docs/evolution-api.md).
  async function openWebhook(name) {
    const found = await api("GET", "/webhook/find/" + encodeURIComponent(name), undefined, true);
    const body = openPanel("webhook", name, "Webhook: " + name);
    const values = found ? { enabled: found.enabled, url: found.url, events: (found.events || []).join(",") } : {};
    blockForm(body, [["enabled", "bool"], ["url", "text"], ["events", "text"]], values, (changed) => {
      const w = Object.assign({}, values, changed);
      return api("POST", "/webhook/set/" + encodeURIComponent(name), { webhook: {
        enabled: !!w.enabled, url: w.url || undefined,
        events: w.events ? String(w.events).split(",").map((s) => s.trim()).filter(Boolean) : [] } }, true);
    });
  }

  // The WebSocket stream: state changes (and QR rotations) of the instances that stream (websocketEnabled).
  function connectStream() {
    if (socket) { socket.onclose = null; socket.close(); }
    if (!cfg.token) return;
    socket = new WebSocket(streamBase() + "/?token=" + encodeURIComponent(cfg.token));
    socket.onopen = () => { $("live").textContent = "live"; $("live").className = "badge on"; };
    socket.onclose = () => {
      $("live").textContent = "offline"; $("live").className = "badge";
      setTimeout(connectStream, 3000);
    };
    socket.onmessage = (m) => {
      let e;
      try { e = JSON.parse(m.data); } catch (x) { return; }
      if (e.event !== "instance.state" || !e.instanceData) return;
      const name = e.instanceData.instance;
      setState(name, e.data.state);
      if (panel && panel.kind === "qr" && panel.name === name && e.data.qrCode && !panel.loading
          && e.data.qrCode !== panel.qr) {
        act(() => loadQr(name))();
      }
      if (!document.querySelector('[data-state-of="' + CSS.escape(name) + '"]')) act(refresh)();
    };
  }

  async function loadConfig() {
    // the local stack (and a deployed bucket) may serve the endpoints; fields the user set win
    try {
      const r = await fetch("console/config.json");
      if (r.ok) {
        const c = await r.json();
        if (!cfg.api && c.apiUrl) cfg.api = c.apiUrl;
        if (!cfg.stream && c.streamUrl) cfg.stream = c.streamUrl;
      }
    } catch (e) { /* optional */ }
    $("apiUrl").value = store.getItem("zapgate.api") || "";
    $("streamUrl").value = store.getItem("zapgate.stream") || "";
  }

  $("login").addEventListener("submit", act(async (ev) => {
    ev.preventDefault();
    cfg.token = $("token").value.trim();
    store.setItem("zapgate.token", cfg.token);
    for (const [key, id] of [["api", "apiUrl"], ["stream", "streamUrl"]]) {
      const v = $(id).value.trim();
      if (v) { cfg[key] = v; store.setItem("zapgate." + key, v); }
    }
    connectStream();
    await refresh();
  }));
  $("create").addEventListener("submit", act(async (ev) => {
    ev.preventDefault();
    const name = $("newName").value.trim();
    const r = await api("POST", "/api/instance/new", { name, websocketEnabled: true });
    $("newName").value = "";
    showNote(r.message + ": " + name + ". Its instance token (shown once): " + r.instance.token);
    await refresh();
  }));
  $("panel-close").addEventListener("click", closePanel);

  loadConfig().then(() => {
    $("token").value = cfg.token;
    if (cfg.token) { connectStream(); act(refresh)(); }
    // the stream carries only instances with websocketEnabled: a slow poll keeps the others current
    setInterval(() => { if (cfg.token && document.visibilityState === "visible") act(refresh)(); }, 10000);
  });
})();

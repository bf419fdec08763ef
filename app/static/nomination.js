/* Nomination form: live character counter, extra indicator rows, and drafts that are never lost:
   autosaved every 30 s while typing and on leaving a field, and kept in this browser until the
   server has them (so an expired session or a lost connection costs nothing). */
(function () {
  "use strict";
  var form = document.getElementById("nomination-form");
  if (!form) { return; }
  var status = document.getElementById("autosave-status");
  var revisionField = form.querySelector("input[name=revision]");
  var storageKey = form.dataset.storageKey;
  var autosaveOn = form.dataset.autosave === "on";
  var dirty = false;
  var saving = false;
  var pending = Promise.resolve();  // the save in flight, so an upload can wait for it
  var changes = 0;                  // edits so far: a save marks clean only what it sent
  var lastSave = Date.now();
  var timer = null;

  function say(text) { if (status) { status.textContent = text; } }

  function fieldValues() {
    var values = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.name && el.type !== "hidden" && el.type !== "submit" && el.type !== "file") {
        values[el.name] = el.value;
      }
    });
    return values;
  }

  function keepLocally() {
    try {
      localStorage.setItem(storageKey, JSON.stringify({
        revision: revisionField ? revisionField.value : "", values: fieldValues(), at: Date.now()
      }));
    } catch (e) { say(form.dataset.msgUnsaved); }
  }

  function forgetLocally() {
    try { localStorage.removeItem(storageKey); } catch (e) { say(form.dataset.msgUnsaved); }
  }

  function save() {
    if (saving) { return pending; }
    if (!autosaveOn || !dirty) { return Promise.resolve(); }
    saving = true;
    var sent = changes;
    say(form.dataset.msgSaving);
    var body = new FormData(form);
    var token = form.querySelector("input[name=csrf_token]");
    pending = fetch(form.dataset.autosaveUrl, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRFToken": token ? token.value : "", "Accept": "application/json" }
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (result) {
      saving = false;
      lastSave = Date.now();
      if (result.ok) {
        if (revisionField) { revisionField.value = result.data.revision; }
        say(form.dataset.msgSaved + " " + new Date().toLocaleTimeString());
        if (changes !== sent) { return save(); }  // typed while it was saving: save that too
        dirty = false;
        forgetLocally();
      } else {
        say(result.data.message || form.dataset.msgUnsaved);
        if (result.data.error === "conflict") { autosaveOn = false; }
      }
    }).catch(function () {
      saving = false;
      say(form.dataset.msgOffline);
    });
    return pending;
  }

  function changed() {
    changes += 1;
    dirty = true;
    keepLocally();
    if (!timer) {
      timer = window.setInterval(function () {
        if (dirty && Date.now() - lastSave >= 30000) { save(); }
      }, 5000);
    }
  }

  form.addEventListener("input", changed);
  form.addEventListener("focusout", function () { if (dirty) { save(); } });
  form.addEventListener("submit", function () { keepLocally(); dirty = false; });
  window.addEventListener("beforeunload", function () { if (dirty) { keepLocally(); } });

  var upload = document.getElementById("upload-form");
  if (upload) {
    upload.addEventListener("submit", function (event) {
      if (!dirty || !autosaveOn) { return; }
      event.preventDefault();
      save().then(function () { upload.submit(); });
    });
  }

  // Offer text kept in the browser that the server never received.
  var banner = document.getElementById("restore-banner");
  var kept = null;
  try { kept = JSON.parse(localStorage.getItem(storageKey) || "null"); } catch (e) { kept = null; }
  if (kept && banner) {
    var current = fieldValues();
    var differs = Object.keys(kept.values).some(function (k) { return k in current && kept.values[k] !== current[k]; });
    if (differs) {
      banner.classList.remove("d-none");
      document.getElementById("restore-button").addEventListener("click", function () {
        Object.keys(kept.values).forEach(function (name) {
          var el = form.elements.namedItem(name);
          if (el && el.value !== undefined) { el.value = kept.values[name]; }
        });
        banner.classList.add("d-none");
        changed();
        save();
      });
      document.getElementById("discard-button").addEventListener("click", function () {
        forgetLocally();
        banner.classList.add("d-none");
      });
    } else {
      forgetLocally();
    }
  }

  // Live character counter for fields with data-maxlength.
  form.querySelectorAll("textarea[data-maxlength]").forEach(function (area) {
    var counter = document.querySelector("[data-counter-for='" + area.id + "']");
    var max = parseInt(area.dataset.maxlength, 10);
    function update() {
      if (!counter) { return; }
      counter.textContent = area.value.length + " / " + max;
      counter.classList.toggle("text-danger", area.value.length > max);
    }
    area.addEventListener("input", update);
    update();
  });

  // Another indicator row: copy the last one with the next index, empty.
  var addButton = document.getElementById("add-indicator");
  var rows = document.getElementById("indicator-rows");
  if (addButton && rows) {
    addButton.addEventListener("click", function () {
      var all = rows.querySelectorAll(".indicator-row");
      var last = all[all.length - 1];
      var index = all.length;
      var copy = last.cloneNode(true);
      copy.querySelectorAll("input").forEach(function (input) {
        input.name = input.name.replace(/results-\d+-/, "results-" + index + "-");
        input.id = input.id.replace(/results-\d+-/, "results-" + index + "-");
        input.value = "";
      });
      copy.querySelectorAll("label").forEach(function (label) {
        label.htmlFor = label.htmlFor.replace(/results-\d+-/, "results-" + index + "-");
      });
      rows.appendChild(copy);
      copy.querySelector("input").focus();
    });
  }
})();

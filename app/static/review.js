/* Scoring page: the draft is saved as JSON after every choice and after a pause in typing; a save
   from an outdated page is refused by the server (409) and said so, never overwriting the newer
   one; and a copy is kept in this browser until the server has it, so an expired session or a lost
   connection costs nothing (it is offered back when the page is opened again). Without this
   script the page still works: "Save draft" and "Submit" are plain form posts. */
(function () {
  "use strict";
  var form = document.getElementById("review-form");
  if (!form) { return; }
  if (form.dataset.autosave !== "on") {
    // Submitted: whatever this browser kept for the review can no longer be used.
    if (form.dataset.submitted === "yes") {
      try { localStorage.removeItem(form.dataset.storageKey); } catch (e) { return; }
    }
    return;
  }
  var status = document.getElementById("autosave-status");
  var conflictBox = document.getElementById("review-conflict");
  var versionField = form.querySelector("input[name=version]");
  var token = form.querySelector("input[name=csrf_token]");
  var storageKey = form.dataset.storageKey;
  var changes = 0;        // edits so far
  var savedChanges = 0;   // edits the server has
  var saving = null;      // the save in flight (a promise), if any
  var stopped = false;    // after a refusal that reloading must resolve
  var submitting = false;
  var timer = null;

  function say(text) { if (status) { status.textContent = text; } }

  function values() {
    var data = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === "csrf_token" || el.name === "version" || el.name === "action") { return; }
      if (el.type === "radio") {
        if (el.checked) { data[el.name] = el.value; } else if (!(el.name in data)) { data[el.name] = ""; }
      } else if (el.tagName === "TEXTAREA" || el.tagName === "SELECT") {
        data[el.name] = el.value;
      }
    });
    return data;
  }

  function setValues(kept) {
    Object.keys(kept).forEach(function (name) {
      var fields = form.querySelectorAll("[name='" + name + "']");
      Array.prototype.forEach.call(fields, function (el) {
        if (el.type === "radio") { el.checked = el.value === kept[name]; } else { el.value = kept[name]; }
      });
    });
  }

  function keepLocally() {
    try {
      localStorage.setItem(storageKey, JSON.stringify({ version: versionField.value, values: values(), at: Date.now() }));
    } catch (e) { say(form.dataset.msgUnsaved); }
  }

  function forgetLocally() {
    try { localStorage.removeItem(storageKey); } catch (e) { say(form.dataset.msgUnsaved); }
  }

  function refuse(message) {
    stopped = true;
    if (conflictBox) {
      document.getElementById("review-conflict-message").textContent = message;
      conflictBox.classList.remove("d-none");
      conflictBox.scrollIntoView({ block: "center" });
    }
  }

  function save() {
    if (saving) { return saving; }
    if (stopped || changes === savedChanges) { return Promise.resolve(); }
    var sent = changes;
    var body = values();
    body.version = versionField.value;
    say(form.dataset.msgSaving);
    saving = fetch(form.dataset.autosaveUrl, {
      method: "POST", credentials: "same-origin", body: JSON.stringify(body),
      headers: { "Content-Type": "application/json", "Accept": "application/json",
                 "X-CSRFToken": token ? token.value : "" }
    }).then(function (response) {
      return response.json().then(function (data) {
        return { status: response.status, ok: response.ok, data: data };
      }, function () { return { status: response.status, ok: false, data: {} }; });
    }).then(function (result) {
      saving = null;
      if (result.ok) {
        versionField.value = result.data.version;
        savedChanges = sent;
        say(form.dataset.msgSaved + " " + new Date().toLocaleTimeString());
        if (changes !== sent) { return save(); }
        forgetLocally();
        return;
      }
      var data = result.data || {};
      var message = data.message || (data.error && data.error.message) || form.dataset.msgUnsaved;
      say(message);
      if (result.status === 409 || result.status === 403) { refuse(message); }
    }, function () {
      saving = null;
      say(form.dataset.msgOffline);
    });
    return saving;
  }

  function changed(delay) {
    changes += 1;
    keepLocally();
    window.clearTimeout(timer);
    timer = window.setTimeout(save, delay);
  }

  // A second after the last choice: a juror going down the criteria sends one save for a run of
  // choices rather than one each (the browser keeps a copy meanwhile, and Submit sends it all).
  form.addEventListener("change", function (event) {
    if (event.target.type === "radio" || event.target.tagName === "SELECT") { changed(1000); }
  });
  form.addEventListener("input", function (event) {
    if (event.target.tagName === "TEXTAREA") { changed(1500); }
  });
  form.addEventListener("focusout", function (event) {
    if (event.target.tagName === "TEXTAREA" && changes !== savedChanges) {
      window.clearTimeout(timer);
      save();
    }
  });
  // A plain post sends everything; only wait for a save in flight, whose answer moves the version.
  form.addEventListener("submit", function (event) {
    window.clearTimeout(timer);
    keepLocally();
    if (submitting || !saving) { stopped = true; return; }
    event.preventDefault();
    var button = event.submitter;
    saving.then(function () {
      if (stopped) { return; }
      submitting = true;
      stopped = true;
      form.requestSubmit(button);
    });
  });
  window.addEventListener("beforeunload", function () {
    if (changes !== savedChanges) { keepLocally(); }
  });

  // Offer back what this browser kept and the server never received.
  var banner = document.getElementById("restore-banner");
  var kept = null;
  try { kept = JSON.parse(localStorage.getItem(storageKey) || "null"); } catch (e) { kept = null; }
  if (kept && kept.values && banner) {
    var current = values();
    var differs = Object.keys(kept.values).some(function (name) {
      return name in current && kept.values[name] !== current[name];
    });
    if (differs) {
      banner.classList.remove("d-none");
      document.getElementById("restore-button").addEventListener("click", function () {
        setValues(kept.values);
        banner.classList.add("d-none");
        changed(0);
      });
      document.getElementById("discard-button").addEventListener("click", function () {
        forgetLocally();
        banner.classList.add("d-none");
      });
    } else {
      forgetLocally();
    }
  }
})();

// The scoring screen: every typed value is kept in localStorage until the server confirms it, saved
// automatically (with retries while the connection is down), and Enter saves and moves to the next entry.
(function () {
  var form = document.getElementById("score-form");
  if (!form) { return; }
  var status = document.getElementById("save-status");
  var progress = document.getElementById("score-progress");
  var key = form.dataset.key;
  var scored = form.dataset.scored === "true";
  var timer = null, retryDelay = 1000, saving = false, again = false;

  function inputs() { return Array.prototype.slice.call(form.querySelectorAll("input[type=number]")); }
  function say(text, kind) { status.textContent = text; status.className = kind || ""; }
  function read() {
    var scores = {};
    inputs().forEach(function (i) { if (i.value !== "") { scores[i.name] = Number(i.value); } });
    return { scores: scores, comment: form.elements.comment.value || null };
  }
  function complete(body) {
    return inputs().every(function (i) { return i.value !== "" && i.checkValidity(); }) && Object.keys(body.scores).length;
  }
  function keep() { localStorage.setItem(key, JSON.stringify(read())); }
  function restore() {
    var kept = localStorage.getItem(key);
    if (!kept) { return false; }
    var body = JSON.parse(kept);
    inputs().forEach(function (i) { if (body.scores[i.name] !== undefined) { i.value = body.scores[i.name]; } });
    if (body.comment) { form.elements.comment.value = body.comment; }
    return true;
  }
  function markDone() {
    if (scored || !progress) { return; }
    scored = true;
    var done = Number(progress.dataset.done) + 1;
    progress.dataset.done = done;
    progress.textContent = "đã chấm " + done + "/" + progress.dataset.total;
  }

  function save(then) {
    var body = read();
    if (!complete(body)) { say("Chưa lưu: cần chấm đủ mọi tiêu chí trong khung điểm.", "warning"); return; }
    if (saving) { again = true; return; }
    saving = true;
    say("Đang lưu…");
    fetch(form.dataset.url, {
      method: "PUT",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": document.body.dataset.csrf || "" },
      body: JSON.stringify(body)
    }).then(function (response) {
      saving = false;
      if (response.ok) {
        if (JSON.stringify(read()) === JSON.stringify(body)) { localStorage.removeItem(key); }
        retryDelay = 1000;
        markDone();
        say("Đã lưu lúc " + new Date().toLocaleTimeString("vi-VN") + ".", "saved");
        if (again) { again = false; save(then); } else if (then) { then(); }
        return;
      }
      return response.json().then(function (problem) {
        var detail = (problem.errors || []).map(function (e) { return e.message; }).join(" ");
        var fatal = response.status === 403 || response.status === 409 || response.status === 422;
        say("CHƯA LƯU: " + (problem.detail || "") + " " + detail, "error");
        if (!fatal) { retry(then); }
      });
    }).catch(function () {
      saving = false;
      say("CHƯA LƯU — mất kết nối. Điểm vẫn được giữ trên máy này và sẽ tự lưu lại.", "error");
      retry(then);
    });
  }
  function retry(then) {
    clearTimeout(timer);
    timer = setTimeout(function () { save(then); }, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 15000);
  }
  function later() {
    keep();
    clearTimeout(timer);
    timer = setTimeout(function () { save(); }, 600);
  }

  form.addEventListener("input", later);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    keep();
    save(function () { window.location.href = form.dataset.next; });
  });
  window.addEventListener("online", function () { if (localStorage.getItem(key)) { retryDelay = 1000; save(); } });
  window.addEventListener("beforeunload", function (event) {
    if (localStorage.getItem(key)) { event.preventDefault(); event.returnValue = ""; }
  });
  if (restore()) { say("Có điểm chưa lưu từ lần trước: đang lưu lại…", "warning"); save(); }
})();

// Activity materials: upload several files with a progress bar. Without this script the form
// posts as usual and the page answers with messages; with it, the same POST is sent by
// XMLHttpRequest (Accept: application/json) so the bar can follow the bytes.
(function () {
  "use strict";
  document.querySelectorAll("form[data-upload]").forEach(function (form) {
    var bar = form.querySelector(".upload-progress");
    var status = form.querySelector(".upload-status");
    form.addEventListener("submit", function (event) {
      if (!window.FormData || !window.XMLHttpRequest) { return; }
      event.preventDefault();
      var request = new XMLHttpRequest();
      request.open("POST", form.action);
      request.setRequestHeader("Accept", "application/json");
      bar.hidden = false;
      bar.value = 0;
      status.textContent = "正在上传…";
      request.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) { bar.value = Math.round((e.loaded / e.total) * 100); }
      });
      request.addEventListener("load", function () {
        var answer = {};
        try { answer = JSON.parse(request.responseText); } catch (err) { answer = {}; }
        var stored = (answer.stored || []).length;
        var refused = answer.refused || [];
        status.textContent = "已上传 " + stored + " 个" + (refused.length ? "；未通过：" + refused.join("；") : "");
        if (stored && !refused.length && answer.redirect) { window.location.assign(answer.redirect); }
        else if (stored) { setTimeout(function () { window.location.reload(); }, 2500); }
      });
      request.addEventListener("error", function () { status.textContent = "上传失败，请检查网络后重试。"; });
      request.send(new FormData(form));
    });
  });
})();

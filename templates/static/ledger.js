// The ledger import page: upload with a progress bar (no inline script: the CSP forbids it).
// Upload progress, then an indeterminate bar while the server checks and imports (no script: the form posts as usual).
document.getElementById("ledger-form").addEventListener("submit", function (event) {
  event.preventDefault();
  var form = event.target, box = document.getElementById("ledger-progress"),
      bar = document.getElementById("ledger-bar"), label = document.getElementById("ledger-progress-label");
  var xhr = new XMLHttpRequest();
  box.hidden = false;
  form.querySelector("button[type=submit]").disabled = true;
  xhr.upload.onprogress = function (e) {
    if (e.lengthComputable) { bar.value = Math.round(100 * e.loaded / e.total); }
  };
  xhr.upload.onload = function () { bar.removeAttribute("value"); label.textContent = "正在检查台账和文件，请稍候…"; };
  xhr.onload = function () { document.open(); document.write(xhr.responseText); document.close(); };
  xhr.onerror = function () { label.textContent = "上传失败，请检查网络后重试。"; form.querySelector("button[type=submit]").disabled = false; };
  xhr.open("POST", form.action || window.location.href);
  xhr.send(new FormData(form));
});

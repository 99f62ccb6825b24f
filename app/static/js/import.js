// Progressive enhancement for the import page; without JavaScript the page refreshes itself.
(function () {
  "use strict";
  var upload = document.getElementById("upload-form");
  if (upload) {
    var file = upload.querySelector("input[type=file]");
    file.addEventListener("change", function () {
      var chosen = file.files[0];
      if (!chosen) { return; }
      upload.querySelector("input[name='x-amz-meta-filename']").value = chosen.name;
      upload.querySelector("input[name='Content-Type']").value = chosen.type || "application/octet-stream";
    });
  }
  var bar = document.getElementById("progress");
  if (bar && bar.dataset.statusUrl) {
    var label = document.getElementById("progress-label");
    var poll = function () {
      fetch(bar.dataset.statusUrl, { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (s) {
          if (s.rows_total) { bar.max = 100; bar.value = s.percent; }
          label.textContent = s.rows_done.toLocaleString() + (s.rows_total ? " of " + s.rows_total.toLocaleString() : "") + " rows";
          if (s.working) { setTimeout(poll, 1000); } else { window.location.reload(); }
        })
        .catch(function () { setTimeout(poll, 3000); });
    };
    setTimeout(poll, 1000);
  }
})();

// Any job page (core/_job_progress.html): poll the job's status URL, show its progress, and
// reload the job's page when it has finished.
document.addEventListener("DOMContentLoaded", () => {
  const box = document.querySelector(".job-progress[data-status-url]");
  if (!box) return;
  const bar = box.querySelector("progress");
  const text = box.querySelector(".progress-message");
  const poll = () => {
    fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then((r) => (r.ok ? r.json() : Promise.reject(r.status)))
      .then((job) => {
        bar.value = job.percent;
        bar.textContent = `${job.percent}%`;
        text.textContent = `${job.percent}% ${job.message}`;
        if (job.running) window.setTimeout(poll, 1500);
        else window.location.assign(job.url);
      })
      .catch(() => window.setTimeout(poll, 5000));
  };
  window.setTimeout(poll, 1000);
});

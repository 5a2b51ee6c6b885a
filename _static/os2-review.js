// The overdue notice of a page whose review date has passed since the site
// was built: os2_handbook/ext/review.py writes the date, hidden until then.
(() => {
  const now = new Date();
  const pad = (number) => String(number).padStart(2, "0");
  const today = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  for (const notice of document.querySelectorAll(".os2-review-overdue[data-os2-due]")) {
    if (today > notice.dataset.os2Due) notice.hidden = false;
  }
})();

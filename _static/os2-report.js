// "Rapportér et problem" names the address the reader is at, anchor
// included: the build only knows the page's own address.
(() => {
  const update = () => {
    for (const link of document.querySelectorAll(".os2-report-link a[data-os2-address]")) {
      const url = new URL(link.href);
      const param = link.dataset.os2Body;
      const body = url.searchParams.get(param) || "";
      url.searchParams.set(param, body.replace(link.dataset.os2Address, window.location.href));
      link.dataset.os2Address = window.location.href;
      link.href = url.toString();
    }
  };
  update();
  window.addEventListener("hashchange", update);
})();

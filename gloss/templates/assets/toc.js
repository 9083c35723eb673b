/* The contents sidebar marks the section being read (the page works without this). */
(() => {
  const links = new Map([...document.querySelectorAll("article > nav.toc a[href^='#']")]
    .map((a) => [decodeURIComponent(a.hash.slice(1)), a]));
  const heads = [...document.querySelectorAll(".body :is(h2, h3)[id]")].filter((h) => links.has(h.id));
  if (!heads.length || !("IntersectionObserver" in window)) return;
  const mark = () => {
    const above = heads.filter((h) => h.getBoundingClientRect().top < innerHeight * 0.3);
    const current = above.length ? above[above.length - 1] : null;
    links.forEach((a, id) => (current && id === current.id) ? a.setAttribute("aria-current", "location") : a.removeAttribute("aria-current"));
  };
  const seen = new IntersectionObserver(mark, { rootMargin: "0px 0px -70% 0px" });
  heads.forEach((h) => seen.observe(h));
  addEventListener("scroll", () => requestAnimationFrame(mark), { passive: true });
})();

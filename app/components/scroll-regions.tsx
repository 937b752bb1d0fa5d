// Keyboard access to wide tables (issue 18, WCAG 2.1.1): a table box that scrolls sideways must take
// focus so the arrow keys can scroll it. Only the boxes that actually overflow become tab stops (at
// desktop width most tables fit), re-checked after each navigation and when the window is resized.
import { useLocation } from "@remix-run/react";
import { useEffect } from "react";

const SCROLL_BOXES = ".table-scroll, .unit-grid-scroll";

function markScrollableBoxes() {
  for (const box of document.querySelectorAll<HTMLElement>(SCROLL_BOXES)) {
    const scrolls = box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1;
    const hasFocusable = box.querySelector("a[href], button, input, select, textarea, [tabindex]") !== null;
    if (scrolls && !hasFocusable) {
      box.tabIndex = 0;
      box.setAttribute("role", "region");
      // Named after the table's caption or the section heading, so a screen reader says what scrolls.
      const name = box.querySelector("caption")?.textContent ?? box.closest("section, details")?.querySelector("h2, h3, summary")?.textContent;
      if (name && !box.hasAttribute("aria-label")) box.setAttribute("aria-label", name.trim());
    } else if (box.getAttribute("tabindex") === "0" && box.getAttribute("role") === "region") {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
    }
  }
}

export function useFocusableScrollBoxes() {
  const location = useLocation();
  useEffect(() => {
    markScrollableBoxes();
    let frame = 0;
    const onResize = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(markScrollableBoxes);
    };
    window.addEventListener("resize", onResize);
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener("resize", onResize);
    };
  }, [location.key]);
}

/**
 * Default widget styles. Every colour and size is a `--pocketrank-*` custom property, so a storefront
 * themes the widget from its own CSS without touching ours. The layout is one horizontal row of
 * fixed-size cards: its height does not depend on the number of items, titles or image load timing,
 * so swapping the reserved skeleton for real items shifts nothing (CLS 0). The list's height is fixed,
 * with room for a classic horizontal scrollbar, so overflow or its absence changes nothing either.
 * The page paints before the async loader runs, so the page's own CSS must reserve the slot:
 * `min-height: 270px` (heading 24 + 12 gap + list 234) keeps the content below it still. The price
 * sits on the image's corner, so a store with prices has the same geometry as one without.
 */
export const WIDGET_CSS = `
.pocketrank{--_w:var(--pocketrank-card-width,160px);font-family:var(--pocketrank-font,inherit);color:var(--pocketrank-color,inherit);background:var(--pocketrank-bg,transparent);contain:layout paint}
.pocketrank__heading{margin:0 0 var(--pocketrank-gap,12px);font-size:var(--pocketrank-heading-size,1.125rem);line-height:1.5rem;height:1.5rem;overflow:hidden}
.pocketrank__list{display:flex;gap:var(--pocketrank-gap,12px);list-style:none;margin:0;padding:4px;box-sizing:content-box;height:calc(var(--_w) + 2.5rem + 6px + 20px);overflow-x:auto;overflow-y:hidden;scroll-snap-type:x proximity}
.pocketrank__item{flex:0 0 var(--_w);width:var(--_w);scroll-snap-align:start}
.pocketrank__link{display:block;color:inherit;text-decoration:none;border-radius:var(--pocketrank-radius,8px)}
.pocketrank__link:hover .pocketrank__title{text-decoration:underline}
.pocketrank__link:focus-visible{outline:3px solid var(--pocketrank-focus,#1a56db);outline-offset:2px}
.pocketrank__media{position:relative;display:block;width:var(--_w);aspect-ratio:1/1;border-radius:var(--pocketrank-radius,8px);background:var(--pocketrank-image-bg,#f1f1f4);overflow:hidden}
.pocketrank__media img{display:block;width:100%;height:100%;object-fit:contain}
.pocketrank__title{display:-webkit-box;-webkit-line-clamp:2;-webkit-box-orient:vertical;overflow:hidden;margin-top:6px;font-size:var(--pocketrank-title-size,.875rem);line-height:1.25rem;height:2.5rem}
.pocketrank__price{position:absolute;left:6px;bottom:6px;padding:0 6px;border-radius:4px;line-height:1.25rem;font-size:var(--pocketrank-title-size,.875rem);font-weight:600;background:var(--pocketrank-price-bg,#fff);color:var(--pocketrank-price-color,#111)}
.pocketrank__skeleton .pocketrank__title{background:var(--pocketrank-image-bg,#f1f1f4);border-radius:4px}
.pocketrank__empty{display:flex;align-items:center;justify-content:center;width:100%;height:calc(var(--_w) + 2.5rem + 6px);color:var(--pocketrank-muted,#666);font-size:.875rem}
`;

const STYLE_ID = "pocketrank-style";

/** Adds the default styles to the document once (before any storefront override that comes later). */
export function ensureStyles(doc: Document): void {
  if (doc.getElementById(STYLE_ID)) return;
  const style = doc.createElement("style");
  style.id = STYLE_ID;
  style.textContent = WIDGET_CSS;
  doc.head.prepend(style);
}

/** Neutral placeholder for missing or broken product images (a plain square, no external request). */
export const PLACEHOLDER_IMAGE =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 4 4'%3E%3Crect width='4' height='4' fill='%23e4e4e9'/%3E%3Cpath d='M1 3l1-1.2L3 3z' fill='%23c4c4cc'/%3E%3C/svg%3E";

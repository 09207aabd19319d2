// The frame every list page shares: a heading, a card that says "Loading…", the list call,
// and the refusal shown in the banner with a short note in the card.
import { card, empty, h, replace } from "./dom.js";

// Resolves to { body, items } once `load()` answers, or null when it failed or the page was
// left meanwhile.
export async function listPage(root, ctx, title, noun, load) {
  const body = h("div", null, empty("Loading…"));
  root.append(h("h1", null, title), card(null, body));
  let items;
  try {
    items = await load();
  } catch (e) {
    ctx.error(e);
    replace(body, empty(`Could not list ${noun}.`));
    return null;
  }
  if (!ctx.alive()) return null;
  return { body, items };
}

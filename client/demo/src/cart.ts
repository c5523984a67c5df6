/** The demo cart, kept on the device (localStorage); the SDK only learns "cart" events through track(). */

export type CartLine = { id: number; qty: number };

const KEY = "pocketrank-demo:cart";

/** @example const lines = readCart(); */
export function readCart(): CartLine[] {
  try {
    const parsed = JSON.parse(localStorage.getItem(KEY) ?? "[]");
    return Array.isArray(parsed)
      ? parsed.filter((l) => Number.isInteger(l?.id) && Number.isInteger(l?.qty) && l.qty > 0)
      : [];
  } catch {
    return [];
  }
}

function write(lines: CartLine[]): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(lines));
  } catch {
    // private mode without storage: the cart lives as long as the page
  }
  document.dispatchEvent(new CustomEvent("demo-cart-change"));
}

/** @example addToCart(42); */
export function addToCart(id: number): void {
  const lines = readCart();
  const line = lines.find((l) => l.id === id);
  if (line) line.qty += 1;
  else lines.push({ id, qty: 1 });
  write(lines);
}

/** @example removeFromCart(42); */
export function removeFromCart(id: number): void {
  write(readCart().filter((l) => l.id !== id));
}

/** @example cartCount(); // 3 */
export function cartCount(): number {
  return readCart().reduce((n, l) => n + l.qty, 0);
}

// Vite's `?raw` imports (text of a file), used by the test fixture inside workerd.
declare module "*?raw" {
  const text: string;
  export default text;
}

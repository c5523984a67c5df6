import type { BrowserFamily, OsFamily } from "../schema/constants";

/**
 * Reduces a user-agent string to browser and OS family, on the device only: the raw string never
 * leaves the browser. Order matters because UAs name their ancestors (Edge and Opera say "Chrome",
 * Chrome says "Safari").
 * @example uaFamily(navigator.userAgent) // { browserFamily: "chrome", osFamily: "linux" }
 */
export function uaFamily(ua: string): { browserFamily: BrowserFamily; osFamily: OsFamily } {
  return { browserFamily: browserOf(ua), osFamily: osOf(ua) };
}

function browserOf(ua: string): BrowserFamily {
  if (/\bEdg(?:e|A|iOS)?\//.test(ua)) return "edge";
  if (/\b(?:OPR|Opera|OPX)\//.test(ua)) return "opera";
  if (/\bSamsungBrowser\//.test(ua)) return "samsung";
  if (/\b(?:Firefox|FxiOS)\//.test(ua)) return "firefox";
  if (/\b(?:Chrome|Chromium|CriOS|HeadlessChrome)\//.test(ua)) return "chrome";
  if (/\bVersion\/[\d.]+.*\bSafari\//.test(ua)) return "safari";
  return "other";
}

function osOf(ua: string): OsFamily {
  if (/\b(?:iPhone|iPad|iPod)\b/.test(ua)) return "ios";
  if (/\bAndroid\b/.test(ua)) return "android";
  if (/\bCrOS\b/.test(ua)) return "chromeos";
  if (/\bWindows\b/.test(ua)) return "windows";
  if (/\bMac OS X\b|\bMacintosh\b/.test(ua)) return "macos";
  if (/\bLinux\b|\bX11\b/.test(ua)) return "linux";
  return "other";
}

import { Hono } from "hono";
import type { AppEnv } from "../types";

// Placeholder sub-app; its owner replaces it.
export const adminRoutes = new Hono<AppEnv>();

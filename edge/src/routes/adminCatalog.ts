import { Hono } from "hono";
import type { AppEnv } from "../types";

// Placeholder sub-app (created by edge-core so /v1/admin can mount it); the catalog owner replaces it.
export const adminCatalogRoutes = new Hono<AppEnv>();

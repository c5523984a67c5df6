/** Home page: a personal "recommended for you" slot and the store's bestseller grid. */
import { wireHeader } from "../layout";
import { fetchProducts } from "../listing";
import { mountPanel } from "../panel";
import { fillGrid } from "../productCard";
import { demoRecommender } from "../recommender";
import { fillSlot } from "../slot";

wireHeader();
const rec = demoRecommender();
mountPanel(rec);

const slot = document.getElementById("rec-home") as HTMLElement;
void fillSlot(rec, slot, { context: "home", k: 12 }, "home");

const grid = document.getElementById("popular") as HTMLElement;
void fetchProducts({ context: "home", limit: "24" }).then((products) =>
  fillGrid(grid, products, "The catalog is unreachable right now. Please try again in a moment."),
);

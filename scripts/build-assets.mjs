// Copies the compiled parts of the design system into assets/build, where Django's
// staticfiles finds them. Sass sources and component bundles are left behind.
import { cpSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const source = join(root, "node_modules", "@uswds", "uswds", "dist");
const target = join(root, "assets", "build", "uswds");

rmSync(target, { recursive: true, force: true });
mkdirSync(target, { recursive: true });
for (const part of ["css", "js", "img", "fonts"]) {
  // Source maps come along: the minified files point at them, and the production
  // static files storage follows those references.
  cpSync(join(source, part), join(target, part), { recursive: true });
}
console.log(`design system assets copied to ${target}`);

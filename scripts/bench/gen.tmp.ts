import { generate } from "./generate";
const [file, scale] = process.argv.slice(2);
const t = Date.now(); await generate(file, Number(scale)); console.log(file, "generated in", (Date.now() - t) / 1000, "s");

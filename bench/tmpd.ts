import { run } from '/work/main/bench/distance';
console.log(await run());

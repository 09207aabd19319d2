// What test_console_browser.py hands the browser scripts: the server, the keys and the names,
// through the environment; and the folder the screenshots go to.
import fs from "node:fs";

export const env = (name) => {
    const v = process.env[name];
    if (!v) throw new Error(`${name} is not set`);
    return v;
};
export const endpoint = env("ENDPOINT");
export const shots = env("SCREENSHOT_DIR");
fs.mkdirSync(shots, { recursive: true });

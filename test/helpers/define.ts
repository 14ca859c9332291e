// Registers every confab element for component tests, as a page does with `confab-comments/define.js`.
import '../../src/define.js';

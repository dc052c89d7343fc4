/** Loads every feature module, in the order their answers take precedence. */
import './frontMatter/feature';
import './links/feature';
import './shortcodes/feature';

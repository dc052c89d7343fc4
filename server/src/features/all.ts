/** Loads every feature module, in the order their answers take precedence. */
import './frontMatter';
import './links';
import './shortcodeFeature';

/** Loads every feature module, in the order their answers take precedence. */
import './shortcodeFeature';

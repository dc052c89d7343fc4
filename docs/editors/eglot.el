;;; Blog Author in Emacs with eglot (built in since Emacs 29; `apt-get install elpa-eglot` on Debian's Emacs 28).
;;; Put this in your init file. eglot takes the project root from project.el (the git repository).
(require 'eglot)
(add-to-list 'eglot-server-programs
             '((markdown-mode gfm-mode) . ("blog-author" "lsp" "--stdio")))
(add-hook 'markdown-mode-hook #'eglot-ensure)
(add-hook 'gfm-mode-hook #'eglot-ensure)

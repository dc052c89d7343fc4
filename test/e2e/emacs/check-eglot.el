;;; Checks docs/editors/eglot.el: Emacs (batch) with that configuration opens a post, eglot starts
;;; `blog-author lsp --stdio` for it, and the server answers a completion in the post's tags: list.
;;; Run by test/e2e/emacs.mjs:  emacs --batch -l check-eglot.el  (env: BLOG_AUTHOR_E2E_PLAN, ROOT)
(require 'json)
(let* ((plan (json-read-file (getenv "BLOG_AUTHOR_E2E_PLAN")))
       (root (getenv "BLOG_AUTHOR_ROOT"))
       (tags (alist-get 'tags plan))
       (line (alist-get 'lastItemLine tags))
       (indent (alist-get 'indent tags))
       (tag-counts (alist-get 'tagCounts plan))
       (status 1))
  (condition-case err
      (progn
        (require 'markdown-mode)
        (load (expand-file-name "docs/editors/eglot.el" root) nil t)
        (find-file (alist-get 'post plan))
        (unless (derived-mode-p 'markdown-mode) (error "not in markdown-mode but %s" major-mode))
        ;; eglot-ensure connects after the command that opened the file: run that hook as the command loop would
        (run-hooks 'post-command-hook)
        (let ((deadline (+ (float-time) 20)))
          (while (and (not (eglot-current-server)) (< (float-time) deadline)) (accept-process-output nil 0.1)))
        (let ((server (eglot-current-server)))
          (unless server (error "eglot did not connect"))
          (goto-char (point-min))
          (forward-line line)
          (insert indent "- \n")
          (forward-line -1)
          (end-of-line)
          (eglot--signal-textDocument/didChange)
          (let* ((result (jsonrpc-request server :textDocument/completion
                                          (list :textDocument (eglot--TextDocumentIdentifier)
                                                :position (eglot--pos-to-lsp-position))))
                 (items (if (vectorp result) result (plist-get result :items)))
                 (tagged (seq-filter (lambda (it) (assq (intern (plist-get it :label)) tag-counts)) items)))
            (when (zerop (length tagged)) (error "no tag among %d completion items" (length items)))
            (princ (format "ok documented-config: Emacs %s + eglot, server %s, %d tag completions\n"
                           emacs-version
                           (plist-get (eglot--server-info server) :name)
                           (length tagged)))
            (setq status 0)
            (ignore-errors (eglot-shutdown server)))))
    (error (princ (format "FAIL documented-config: %s\n" (error-message-string err)))))
  (kill-emacs status))

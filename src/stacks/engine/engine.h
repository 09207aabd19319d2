// The stack engine: runs CreateStack, UpdateStack, DeleteStack and change sets in the
// background, one thread per stack operation, resources of one dependency wave in parallel.
//
//   create: waves in dependency order; a failure stops it, and the resources created are
//           deleted in reverse order (ROLLBACK_COMPLETE), unless rollback is disabled
//   update: each resource in dependency order: unchanged, updated in place, or replaced;
//           then the outputs, then cleanup (replaced and removed resources deleted). A failure
//           undoes what was done (UPDATE_ROLLBACK_COMPLETE).
//   delete: reverse dependency order, DeletionPolicy Retain skipped.
//
// The API stores the stack with its *_IN_PROGRESS status before it calls the engine, so a
// caller sees the operation at once. A server restart in the middle of an operation resumes
// deleting (delete and rollback) on start; see README.md.
//
// Thread-safety: every method from any thread; stop() joins the operations.
#pragma once

#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

#include "stacks/engine/operation.h"
#include "stacks/engine/prepare.h"
#include "stacks/store/stack_store.h"

namespace freshet::stacks {

class Engine {
  public:
    Engine(StackStore& store, EngineDeps deps);
    ~Engine();

    void create(StackRecord stack, Prepared prepared, Principal caller);
    // `before` is the stack as it was; `next` the same with the new template and parameters
    // (status UPDATE_IN_PROGRESS), prepared as `prepared`.
    void update(StackRecord before, StackRecord next, Prepared prepared, Principal caller);
    void remove(StackRecord stack, Principal caller);
    // Resumes what a restart interrupted, as `account` (the account's root).
    void resume(const Principal& account);
    bool busy(const std::string& stack_id) const;
    // Whether an operation runs on `stack` (as the caller read it), for the API's refusals.
    // When its status is final (not *_IN_PROGRESS) the operation has ended and only its thread
    // is still returning: this waits for that thread (a few seconds at most) rather than
    // answering true, so a client that sees CREATE_COMPLETE can update or delete at once.
    bool busy(const StackRecord& stack) const;
    void stop();
    const EngineDeps& deps() const { return deps_; }

  private:
    void spawn(const std::string& stack_id, std::function<void()> fn);
    void run_create(Operation& op, const Prepared& p);
    void run_update(Operation& op, const Prepared& p, const StackRecord& before);
    void run_delete(Operation& op);
    void rollback_create(Operation& op);
    void rollback_update(Operation& op, const StackRecord& before);
    // Deletes the stack's created resources, and what failed or interrupted creates claimed
    // (ResourceRecord::claimed), in reverse dependency order; the ids that failed.
    std::vector<std::string> delete_all(Operation& op, bool honour_retain);

    StackStore& store_;
    EngineDeps deps_;
    mutable std::mutex mu_;
    mutable std::condition_variable ended_;  // an operation's thread left running_
    std::map<std::string, std::thread> running_;
    std::vector<std::thread> finished_;
    bool stopping_ = false;
};

}  // namespace freshet::stacks

// Running a child process with captured output and a time limit (fork, execve, poll).
#include "tests/differential/process_run.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <map>
#include <stdexcept>

extern char** environ;

namespace mapcheck::differential {

namespace {

// Appends whatever `fd` has to `out`; returns false at end of file.
bool drain(int fd, std::string& out) {
  std::array<char, 65536> buf;
  const ssize_t n = read(fd, buf.data(), buf.size());
  if (n > 0) {
    out.append(buf.data(), static_cast<std::size_t>(n));
    return true;
  }
  return n < 0 && (errno == EINTR || errno == EAGAIN);
}

// Runs in the forked child of a possibly multi-threaded parent: only async-signal-safe
// calls (no allocation), on arrays the parent prepared before fork().
[[noreturn]] void child_exec(const char* cwd, char* const* argv, char* const* envp, int out_fd,
                             int err_fd) {
  setpgid(0, 0);
  dup2(out_fd, STDOUT_FILENO);
  dup2(err_fd, STDERR_FILENO);
  const int devnull = open("/dev/null", O_RDONLY);
  if (devnull >= 0) dup2(devnull, STDIN_FILENO);
  auto say = [](const char* a, const char* b) {
    (void)!write(STDERR_FILENO, a, std::strlen(a));
    (void)!write(STDERR_FILENO, b, std::strlen(b));
    (void)!write(STDERR_FILENO, "\n", 1);
  };
  if (cwd && chdir(cwd) != 0) {
    say("cannot chdir to ", cwd);
    _exit(127);
  }
  execve(argv[0], argv, envp);
  say("cannot run ", argv[0]);
  _exit(127);
}

}  // namespace

RunEnd run_process(const ProcessSpec& spec) {
  if (spec.argv.empty()) throw std::logic_error("run_process: empty argv");
  int out_pipe[2], err_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  if (pipe2(err_pipe, O_CLOEXEC) != 0) {
    close(out_pipe[0]);
    close(out_pipe[1]);
    throw std::runtime_error("pipe failed");
  }
  std::vector<char*> argv, envp;
  for (const auto& a : spec.argv)
    argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  for (const auto& e : spec.env)
    envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  const std::string cwd = spec.cwd.string();
  const pid_t pid = fork();
  if (pid < 0) {
    for (int fd : {out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]})
      close(fd);
    throw std::runtime_error("fork failed");
  }
  if (pid == 0)
    child_exec(cwd.empty() ? nullptr : cwd.c_str(), argv.data(), envp.data(), out_pipe[1],
               err_pipe[1]);
  setpgid(pid, pid);  // also in the parent, so the kill below never misses the group
  close(out_pipe[1]);
  close(err_pipe[1]);

  RunEnd end;
  const auto deadline = std::chrono::steady_clock::now() + spec.timeout;
  std::array<pollfd, 2> fds{pollfd{out_pipe[0], POLLIN, 0}, pollfd{err_pipe[0], POLLIN, 0}};
  int open_fds = 2;
  while (open_fds > 0) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      end.timed_out = true;
      kill(-pid, SIGKILL);
      break;
    }
    const int r = poll(fds.data(), fds.size(), static_cast<int>(left.count()));
    if (r < 0 && errno != EINTR) break;
    for (std::size_t i = 0; i < fds.size(); ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      if (!drain(fds[i].fd, i == 0 ? end.stdout_text : end.stderr_text)) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      }
    }
  }
  for (auto& f : fds)
    if (f.fd >= 0) close(f.fd);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!end.timed_out) {
    if (WIFEXITED(status))
      end.exit_status = WEXITSTATUS(status);
    else if (WIFSIGNALED(status))
      end.signal = WTERMSIG(status);
  }
  return end;
}

std::vector<std::string> environment_with(const std::vector<std::string>& overrides,
                                          const std::vector<std::string>& removed) {
  std::map<std::string, std::string> vars;
  auto put = [&](const std::string& kv) {
    const auto eq = kv.find('=');
    if (eq == std::string::npos) return;
    vars[kv.substr(0, eq)] = kv.substr(eq + 1);
  };
  for (char** e = environ; e && *e; ++e)
    put(*e);
  for (const auto& name : removed)
    vars.erase(name);
  for (const auto& kv : overrides)
    put(kv);
  std::vector<std::string> out;
  for (const auto& [k, v] : vars)
    out.push_back(k + "=" + v);
  return out;
}

}  // namespace mapcheck::differential
